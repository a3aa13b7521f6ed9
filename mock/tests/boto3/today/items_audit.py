"""Related items of the kinds of 1.34.98 (Contact, Comment, File) and the audit history
through botocore 1.44.5.

CreateRelatedItem, SearchRelatedItems, GetCaseAuditEvents: each one's happy path on the
parsed result and one of its modeled errors.
"""

import datetime


def flow(cases, h):
    domain_id = h.new_domain(cases)
    case_id, _ = h.new_case(cases, domain_id)
    case_arn = f"arn:aws:cases:us-east-1:123456789012:domain/{domain_id}/case/{case_id}"

    def create(item_type, content, **extra):
        out = cases.create_related_item(domainId=domain_id, caseId=case_id, type=item_type, content=content, **extra)
        assert out["relatedItemArn"] == f"{case_arn}/related-item/{out['relatedItemId']}", out
        return out["relatedItemId"]

    by = {"performedBy": {"userArn": h.USER}}
    voice = create("Contact", {"contact": {"contactArn": h.contact_arn(1)}}, **by)
    note = create("Comment", {"comment": {"body": "a note", "contentType": "Text/Plain"}}, **by)
    doc = create("File", {"file": {"fileArn": h.file_arn(1)}}, **by)
    chat = create("Contact", {"contact": {"contactArn": "arn:aws:connect:us-east-1:123456789012:instance/i/contact/chat-1"}})
    doc2 = create("File", {"file": {"fileArn": h.file_arn(2)}})

    err = h.expect_error(
        "ValidationException", 400, cases.create_related_item,
        domainId=domain_id, caseId=case_id, type="File", content={"comment": {"body": "x", "contentType": "Text/Plain"}},
    )
    assert "type" in err.response["Error"]["Message"], err.response
    err = h.expect_error(
        "ValidationException", 400, cases.create_related_item,
        domainId=domain_id, caseId=case_id, type="File", content={"file": {"fileArn": "a" * 501}},
    )
    assert "content.file.fileArn" in err.response["Error"]["Message"], err.response
    err = h.expect_error(
        "ResourceNotFoundException", 404, cases.create_related_item,
        domainId=domain_id, caseId="missing", type="Comment", content={"comment": {"body": "x", "contentType": "Text/Plain"}},
    )
    assert err.response["resourceType"] == "Case", err.response

    items = cases.search_related_items(domainId=domain_id, caseId=case_id)["relatedItems"]
    assert [i["relatedItemId"] for i in items] == [voice, note, doc, chat, doc2], items
    assert [i["type"] for i in items] == ["Contact", "Comment", "File", "Contact", "File"], items
    contact = items[0]["content"]["contact"]
    assert contact["contactArn"] == h.contact_arn(1) and contact["channel"] == "VOICE", contact
    assert isinstance(contact["connectedToSystemTime"], datetime.datetime), contact
    assert items[1]["content"] == {"comment": {"body": "a note", "contentType": "Text/Plain"}}, items[1]
    assert items[2]["content"] == {"file": {"fileArn": h.file_arn(1)}}, items[2]
    assert items[3]["content"]["contact"]["channel"] == "CHAT", items[3]
    for item in items:
        assert isinstance(item["associationTime"], datetime.datetime) and item["associationTime"].tzinfo, item
        assert item["tags"] == {}, item
    assert [i.get("performedBy") for i in items] == [{"userArn": h.USER}] * 3 + [None, None], items

    def search(filters):
        out = cases.search_related_items(domainId=domain_id, caseId=case_id, filters=filters)
        assert "nextToken" not in out, out
        return [i["relatedItemId"] for i in out["relatedItems"]]

    assert search([{"comment": {}}]) == [note]
    assert search([{"contact": {"channel": ["CHAT"]}}]) == [chat]
    assert search([{"contact": {"contactArn": h.contact_arn(1)}}]) == [voice]
    assert search([{"file": {"fileArn": h.file_arn(2)}}]) == [doc2]
    assert search([{"comment": {}}, {"file": {}}]) == [note, doc, doc2]
    assert search([]) == [voice, note, doc, chat, doc2]
    pages = list(
        cases.get_paginator("search_related_items").paginate(
            domainId=domain_id, caseId=case_id, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(p["relatedItems"]) for p in pages] == [2, 2, 1], pages
    assert [i["relatedItemId"] for p in pages for i in p["relatedItems"]] == [voice, note, doc, chat, doc2]
    h.expect_error("ValidationException", 400, cases.search_related_items, domainId=domain_id, caseId=case_id, maxResults=26)
    h.expect_error("ValidationException", 400, cases.search_related_items, domainId=domain_id, caseId=case_id, nextToken="forged")
    err = h.expect_error(
        "ValidationException", 400, cases.search_related_items,
        domainId=domain_id, caseId=case_id, filters=[{"contact": {"channel": ["VOICE", "c" * 101]}}],
    )
    assert "filters[0].contact.channel[1]" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.search_related_items, domainId=domain_id, caseId="missing")

    events, token, pages = [], None, 0
    while True:
        page = cases.get_case_audit_events(
            domainId=domain_id, caseId=case_id, maxResults=2, **({"nextToken": token} if token else {})
        )
        pages += 1
        assert len(page["auditEvents"]) <= 2, page
        events += page["auditEvents"]
        token = page.get("nextToken")
        if not token:
            break
    assert len(events) == 6 and pages == 3, (len(events), pages)
    assert len({e["eventId"] for e in events}) == 6, events
    assert events[0]["type"] == "Case.Created", events[0]
    assert {f["eventFieldId"] for f in events[0]["fields"]} >= {"title", "customer_id", "status"}, events[0]
    assert [e["type"] for e in events[1:]] == ["RelatedItem.Created"] * 5, events
    assert [e["relatedItemType"] for e in events[1:]] == ["Contact", "Comment", "File", "Contact", "File"], events
    for event in events:
        assert isinstance(event["performedTime"], datetime.datetime), event
        assert event["performedBy"]["iamPrincipalArn"].startswith("arn:aws:iam::123456789012:"), event
    assert events[1]["performedBy"]["user"] == {"userArn": h.USER}, events[1]
    assert "user" not in events[4]["performedBy"], events[4]
    h.expect_error("ValidationException", 400, cases.get_case_audit_events, domainId=domain_id, caseId=case_id, maxResults=26)
    h.expect_error("ValidationException", 400, cases.get_case_audit_events, domainId=domain_id, caseId=case_id, nextToken="x")
    err = h.expect_error("ResourceNotFoundException", 404, cases.get_case_audit_events, domainId=domain_id, caseId="missing")
    assert err.response["resourceId"] == "missing", err.response
