"""The related items of 1.44.5 through botocore 1.44.5: the Sla, ConnectCase and Custom kinds
(created, searched, filtered, audited), UpdateRelatedItem, DeleteRelatedItem,
BatchCreateRelatedItem and SearchAllRelatedItems (paginator, sorts), performedBy.customEntity,
and one modeled error of each of those operations and of CreateRelatedItem, SearchRelatedItems
and GetCaseAuditEvents.
"""


def _ids(items):
    return [i["relatedItemId"] for i in items]


def _search(cases, domain_id, case_id, filters):
    return cases.search_related_items(domainId=domain_id, caseId=case_id, filters=filters)["relatedItems"]


def _sla(name, minutes):
    return {
        "sla": {
            "slaInputConfiguration": {
                "name": name,
                "type": "CaseField",
                "fieldId": "status",
                "targetFieldValues": [{"stringValue": "closed"}],
                "targetSlaMinutes": minutes,
            }
        }
    }


def flow(cases, h):
    domain_id = h.new_domain(cases)
    case_id, _ = h.new_case(cases, domain_id)
    other_id, _ = h.new_case(cases, domain_id)
    order = cases.create_field(domainId=domain_id, name="order number", type="Text")["fieldId"]
    amount = cases.create_field(domainId=domain_id, name="amount", type="Number")["fieldId"]

    def create(kind, content, **extra):
        out = cases.create_related_item(domainId=domain_id, caseId=case_id, type=kind, content=content, **extra)
        assert out["relatedItemArn"].endswith(f"/related-item/{out['relatedItemId']}"), out
        return out["relatedItemId"]

    # The three kinds of 1.44.5, and a comment by a custom entity.
    sla = create("Sla", _sla("close in a day", 1440), performedBy={"customEntity": "boto3-bot"})
    linked = create("ConnectCase", {"connectCase": {"caseId": other_id}})
    custom = create(
        "Custom",
        {"custom": {"fields": [
            {"id": order, "value": {"stringValue": "A-17"}},
            {"id": amount, "value": {"doubleValue": 42.0}},
        ]}},
    )
    note = create("Comment", {"comment": {"body": "x" * 15000, "contentType": "Text/Plain"}}, performedBy={"userArn": h.USER})
    file_item = create("File", {"file": {"fileArn": h.file_arn(1)}})

    items = _search(cases, domain_id, case_id, [])
    assert _ids(items) == [sla, linked, custom, note, file_item], items
    config = items[0]["content"]["sla"]["slaConfiguration"]
    assert config["status"] == "Active" and config["name"] == "close in a day", config
    assert config["targetTime"] > items[0]["associationTime"], config
    assert items[0]["performedBy"] == {"customEntity": "boto3-bot"}, items[0]
    assert items[1]["content"] == {"connectCase": {"caseId": other_id}}, items[1]
    assert items[2]["content"]["custom"]["fields"][1] == {"id": amount, "value": {"doubleValue": 42.0}}, items[2]
    assert len(items[3]["content"]["comment"]["body"]) == 15000

    assert _ids(_search(cases, domain_id, case_id, [{"sla": {"status": "Active"}}])) == [sla]
    assert _ids(_search(cases, domain_id, case_id, [{"connectCase": {"caseId": other_id}}])) == [linked]
    by_amount = {"custom": {"fields": {"andAll": [
        {"field": {"greaterThanOrEqualTo": {"id": amount, "value": {"doubleValue": 42}}}},
        {"not": {"field": {"equalTo": {"id": order, "value": {"stringValue": "B-1"}}}}},
    ]}}}
    assert _ids(_search(cases, domain_id, case_id, [by_amount])) == [custom]

    # The SLA is met once the case's status reaches the target value.
    cases.update_case(domainId=domain_id, caseId=case_id, fields=[{"id": "status", "value": {"stringValue": "closed"}}])
    met = _search(cases, domain_id, case_id, [{"sla": {"status": "Met"}}])
    assert _ids(met) == [sla] and "completionTime" in met[0]["content"]["sla"]["slaConfiguration"], met

    # UpdateRelatedItem: a comment's text; a custom item's whole field list.
    updated = cases.update_related_item(
        domainId=domain_id,
        caseId=case_id,
        relatedItemId=note,
        content={"comment": {"body": "edited", "contentType": "Text/Plain"}},
        performedBy={"customEntity": "editor"},
    )
    assert updated["type"] == "Comment" and updated["content"]["comment"]["body"] == "edited", updated
    assert updated["createdBy"] == {"userArn": h.USER} and updated["lastUpdatedUser"] == {"customEntity": "editor"}, updated
    updated = cases.update_related_item(
        domainId=domain_id,
        caseId=case_id,
        relatedItemId=custom,
        content={"custom": {"fields": [{"id": order, "value": {"stringValue": "B-1"}}]}},
    )
    assert updated["content"]["custom"]["fields"] == [{"id": order, "value": {"stringValue": "B-1"}}], updated
    assert _search(cases, domain_id, case_id, [by_amount]) == [], "fields left out of an update are removed"

    # DeleteRelatedItem: gone from searches; never a File.
    cases.delete_related_item(domainId=domain_id, caseId=case_id, relatedItemId=linked)
    assert linked not in _ids(_search(cases, domain_id, case_id, []))
    h.expect_error("ValidationException", 400, cases.delete_related_item, domainId=domain_id, caseId=case_id, relatedItemId=file_item)

    events = cases.get_case_audit_events(domainId=domain_id, caseId=case_id)["auditEvents"]
    related = [(e["type"], e.get("relatedItemType")) for e in events if e["type"].startswith("RelatedItem.")]
    assert related == [
        ("RelatedItem.Created", "Sla"),
        ("RelatedItem.Created", "ConnectCase"),
        ("RelatedItem.Created", "Custom"),
        ("RelatedItem.Created", "Comment"),
        ("RelatedItem.Created", "File"),
        ("RelatedItem.Updated", "Comment"),
        ("RelatedItem.Updated", "Custom"),
        ("RelatedItem.Deleted", "ConnectCase"),
    ], related
    first = next(e for e in events if e["type"] == "RelatedItem.Created")
    assert first["performedBy"]["user"] == {"customEntity": "boto3-bot"}, first

    # BatchCreateRelatedItem: by case id, then by the reference id the answer reports.
    comment = {"comment": {"body": "to every case", "contentType": "Text/Plain"}}
    out = cases.batch_create_related_item(
        domainId=domain_id,
        content=comment,
        cases=[{"caseIdentifier": {"caseId": case_id}}, {"caseIdentifier": {"caseId": "no-such-case"}}],
    )
    assert [s["caseIdentifier"]["caseId"] for s in out["successfulItems"]] == [case_id], out
    assert [(f["caseIdentifier"]["caseId"], f["errorCode"]) for f in out["failedItems"]] == [("no-such-case", "CASE_NOT_FOUND")], out
    reference = out["successfulItems"][0]["caseIdentifier"]["referenceId"]
    out = cases.batch_create_related_item(domainId=domain_id, content=comment, cases=[{"caseIdentifier": {"referenceId": reference}}])
    assert out["failedItems"] == [] and out["successfulItems"][0]["caseIdentifier"]["caseId"] == case_id, out

    # SearchAllRelatedItems: both cases' items, paginated, sorted.
    cases.create_related_item(domainId=domain_id, caseId=other_id, type="Contact", content={"contact": {"contactArn": h.contact_arn(1)}})
    pages = cases.get_paginator("search_all_related_items").paginate(
        domainId=domain_id,
        sorts=[{"sortProperty": "CaseId", "sortOrder": "Asc"}, {"sortProperty": "AssociationTime", "sortOrder": "Desc"}],
        PaginationConfig={"PageSize": 2},
    )
    walked = [item for page in pages for item in page["relatedItems"]]
    assert len(walked) == 7 and len({i["relatedItemId"] for i in walked}) == 7, walked
    keys = [i["caseId"] for i in walked]
    assert keys == sorted(keys), keys
    contacts = cases.search_all_related_items(domainId=domain_id, filters=[{"contact": {"contactArn": h.contact_arn(1)}}])
    assert [(i["caseId"], i["type"]) for i in contacts["relatedItems"]] == [(other_id, "Contact")], contacts

    # One modeled error of each operation.
    h.expect_error(
        "ResourceNotFoundException", 404, cases.create_related_item,
        domainId=domain_id, caseId=case_id, type="ConnectCase", content={"connectCase": {"caseId": "no-such-case"}},
    )
    h.expect_error(
        "ValidationException", 400, cases.search_related_items,
        domainId=domain_id, caseId=case_id,
        filters=[{"custom": {"fields": {"field": {"equalTo": {"id": "no-such-field", "value": {"stringValue": "x"}}}}}}],
    )
    h.expect_error("ResourceNotFoundException", 404, cases.get_case_audit_events, domainId=domain_id, caseId="no-such-case")
    h.expect_error(
        "ResourceNotFoundException", 404, cases.update_related_item,
        domainId=domain_id, caseId=case_id, relatedItemId="no-such-item", content=comment,
    )
    h.expect_error("ResourceNotFoundException", 404, cases.delete_related_item, domainId=domain_id, caseId=case_id, relatedItemId=linked)
    h.expect_error(
        "ResourceNotFoundException", 404, cases.batch_create_related_item,
        domainId=domain_id, content=comment, cases=[{"caseIdentifier": {"referenceId": "NO-SUCH-REF"}}],
    )
    cases.batch_create_related_item(
        domainId=domain_id, content=comment, cases=[{"caseIdentifier": {"caseId": case_id}}], clientToken="reused-token",
    )
    h.expect_error(
        "ConflictException", 409, cases.batch_create_related_item,
        domainId=domain_id, content={"comment": {"body": "other", "contentType": "Text/Plain"}},
        cases=[{"caseIdentifier": {"caseId": case_id}}], clientToken="reused-token",
    )
    h.expect_error("ResourceNotFoundException", 404, cases.search_all_related_items, domainId="no-such-domain")
    h.expect_error(
        "ValidationException", 400, cases.search_all_related_items,
        domainId=domain_id, filters=[{"sla": {"status": "Late"}}],
    )
