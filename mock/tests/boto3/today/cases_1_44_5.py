"""The case operations of 1.44.5 through botocore 1.44.5.

DeleteCase, BatchUpdateCase, StartMergeCases and GetMergeCasesStatus: each one's happy
path on the parsed result and one of its modeled errors; CreateCase's new tags and
performedBy.customEntity; a merge followed to its end (related items moved, the
secondary closed, Case.Merged with mergeMetadata on both cases).
"""

import time

MERGE_WAIT_SECONDS = 10


def delete_case(cases, h):
    domain_id = h.new_domain(cases)
    case_id, _ = h.new_case(cases, domain_id)
    cases.create_related_item(
        domainId=domain_id, caseId=case_id, type="Comment",
        content={"comment": {"body": "goes with the case", "contentType": "Text/Plain"}},
    )
    out = cases.delete_case(domainId=domain_id, caseId=case_id)
    assert set(out) == {"ResponseMetadata"}, out
    h.expect_error("ResourceNotFoundException", 404, cases.get_case,
                   domainId=domain_id, caseId=case_id, fields=[{"id": "title"}])
    h.expect_error("ResourceNotFoundException", 404, cases.search_related_items,
                   domainId=domain_id, caseId=case_id)
    h.expect_error("ResourceNotFoundException", 404, cases.get_case_audit_events,
                   domainId=domain_id, caseId=case_id)
    assert case_id not in [c["caseId"] for c in cases.search_cases(domainId=domain_id)["cases"]]
    err = h.expect_error("ResourceNotFoundException", 404, cases.delete_case,
                         domainId=domain_id, caseId=case_id)
    assert err.response["resourceId"] == case_id and err.response["resourceType"] == "Case", err.response


def create_case_1_44_5(cases, h):
    domain_id = h.new_domain(cases)
    _, template_id = h.new_case(cases, domain_id)
    out = cases.create_case(
        domainId=domain_id, templateId=template_id,
        fields=[
            {"id": "title", "value": {"stringValue": "t" * 4100}},
            {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:customer"}},
        ],
        tags={"team": "boto3", "tier": "gold"},
        performedBy={"customEntity": "boto3-bot"},
    )
    assert cases.list_tags_for_resource(arn=out["caseArn"])["tags"] == {"team": "boto3", "tier": "gold"}
    events = cases.get_case_audit_events(domainId=domain_id, caseId=out["caseId"])["auditEvents"]
    assert events[0]["type"] == "Case.Created", events
    assert events[0]["performedBy"]["user"] == {"customEntity": "boto3-bot"}, events[0]
    title = [f for f in events[0]["fields"] if f["eventFieldId"] == "title"][0]
    assert len(title["newValue"]["stringValue"]) == 4100, "audit strings are not cut at 1.44.5"


def batch_update_case(cases, h):
    domain_id = h.new_domain(cases)
    first, _ = h.new_case(cases, domain_id)
    second, _ = h.new_case(cases, domain_id)
    reference = cases.get_case(domainId=domain_id, caseId=second, fields=[{"id": "reference_number"}])
    reference = reference["fields"][0]["value"]["stringValue"]
    out = cases.batch_update_case(
        domainId=domain_id,
        cases=[
            {"caseIdentifier": {"caseId": first}},
            {"caseIdentifier": {"referenceId": reference}},
            {"caseIdentifier": {"caseId": "no-such-case"}},
        ],
        fields=[{"fieldIdentifier": {"name": "summary"}, "value": {"stringValue": "batched"}}],
        status="closed",
        performedBy={"userArn": h.USER},
    )
    ok = [c["caseIdentifier"]["caseId"] for c in out["successfulCases"]]
    assert ok == [first, second], out
    assert out["successfulCases"][1]["caseIdentifier"]["referenceId"] == reference, out
    assert [(f["caseIdentifier"]["caseId"], f["errorCode"]) for f in out["failedCases"]] == [
        ("no-such-case", "CASE_NOT_FOUND")
    ], out
    for case_id in (first, second):
        got = cases.get_case(domainId=domain_id, caseId=case_id, fields=[{"id": "summary"}, {"id": "status"}])
        values = {f["id"]: f["value"] for f in got["fields"]}
        assert values == {"summary": {"stringValue": "batched"}, "status": {"stringValue": "closed"}}, got
        last = cases.get_case_audit_events(domainId=domain_id, caseId=case_id)["auditEvents"][-1]
        assert last["type"] == "Case.Updated" and last["performedBy"]["user"] == {"userArn": h.USER}, last
    # No update at all: the whole request fails.
    err = h.expect_error("ValidationException", 400, cases.batch_update_case,
                         domainId=domain_id, cases=[{"caseIdentifier": {"caseId": first}}], fields=[])
    assert "fields" in err.response["Error"]["Message"], err.response


def merges(cases, h):
    domain_id = h.new_domain(cases)
    primary, _ = h.new_case(cases, domain_id)
    secondary, _ = h.new_case(cases, domain_id)
    comment = cases.create_related_item(
        domainId=domain_id, caseId=secondary, type="Comment",
        content={"comment": {"body": "moves", "contentType": "Text/Plain"}},
    )["relatedItemId"]
    contact = cases.create_related_item(
        domainId=domain_id, caseId=secondary, type="Contact",
        content={"contact": {"contactArn": h.contact_arn(7)}},
    )["relatedItemId"]
    kept = cases.create_related_item(
        domainId=domain_id, caseId=secondary, type="File", content={"file": {"fileArn": h.file_arn(7)}},
    )["relatedItemId"]

    out = cases.start_merge_cases(
        domainId=domain_id, caseId=primary, secondaryCaseIds=[secondary],
        relatedItemsConfiguration={"comment": True, "contact": True},
        performedBy={"userArn": h.USER},
    )
    assert set(out) == {"ResponseMetadata"}, out
    status = cases.get_merge_cases_status(domainId=domain_id, caseId=secondary)
    if status["status"] == "IN_PROGRESS":
        assert status["primaryCaseId"] == primary and status["secondaryCaseIds"] == [secondary], status
        h.expect_error("ConflictException", 409, cases.delete_case, domainId=domain_id, caseId=primary)
    deadline = time.monotonic() + MERGE_WAIT_SECONDS
    while status["status"] != "COMPLETED":
        assert status["status"] == "IN_PROGRESS", status
        assert time.monotonic() < deadline, "the merge did not complete"
        time.sleep(0.05)
        status = cases.get_merge_cases_status(domainId=domain_id, caseId=secondary)
    assert status["primaryCaseId"] == primary and status["secondaryCaseIds"] == [secondary], status
    h.expect_error("ResourceNotFoundException", 404, cases.get_merge_cases_status,
                   domainId=domain_id, caseId=primary)

    moved = [i["relatedItemId"] for i in cases.search_related_items(domainId=domain_id, caseId=primary)["relatedItems"]]
    assert sorted(moved) == sorted([comment, contact]), moved
    left = [i["relatedItemId"] for i in cases.search_related_items(domainId=domain_id, caseId=secondary)["relatedItems"]]
    assert left == [kept], left
    got = cases.get_case(domainId=domain_id, caseId=secondary, fields=[{"id": "status"}])
    assert got["fields"][0]["value"] == {"stringValue": "closed"}, got
    merge_ids = set()
    for case_id in (primary, secondary):
        events = cases.get_case_audit_events(domainId=domain_id, caseId=case_id)["auditEvents"]
        merged = [e for e in events if e["type"] == "Case.Merged"]
        assert len(merged) == 1, events
        meta = merged[0]["mergeMetadata"]
        assert (meta["primaryCaseId"], meta["secondaryCaseId"]) == (primary, secondary), meta
        merge_ids.add(meta["mergeEventId"])
    assert len(merge_ids) == 1, merge_ids

    # Modeled errors: a case merged into itself; a merged secondary merged again.
    h.expect_error("ValidationException", 400, cases.start_merge_cases,
                   domainId=domain_id, caseId=primary, secondaryCaseIds=[primary])
    other, _ = h.new_case(cases, domain_id)
    h.expect_error("ConflictException", 409, cases.start_merge_cases,
                   domainId=domain_id, caseId=other, secondaryCaseIds=[secondary])
    h.expect_error("ResourceNotFoundException", 404, cases.start_merge_cases,
                   domainId=domain_id, caseId=other, secondaryCaseIds=["no-such-case"])


def flow(cases, h):
    delete_case(cases, h)
    create_case_1_44_5(cases, h)
    batch_update_case(cases, h)
    merges(cases, h)
