"""The mock driven by boto3 1.34.98 (the release of the contract).

Usage: flow.py ENDPOINT_URL

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (run.sh starts the
mock with SigV4 verification on for the same dummy pair, so botocore's signer is
checked too). Exits non-zero on the first failed assertion.
"""

import datetime
import os
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
USER = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/boto3-user"
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(url, key_id=None, secret=None, region=REGION):
    return boto3.client(
        "connectcases",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=key_id or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
        config=NO_RETRIES,
    )


def contact_arn(n):
    return f"arn:aws:connect:us-east-1:123456789012:instance/i/contact/{n:08x}"


def file_arn(n):
    return f"arn:aws:connect:us-east-1:123456789012:instance/i/file/{n:08x}"


def expect_error(code, status, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as err:
        got = err.response["Error"]["Code"]
        got_status = err.response["ResponseMetadata"]["HTTPStatusCode"]
        assert (got, got_status) == (code, status), (got, got_status, err.response)
        assert err.response["Error"]["Message"], err.response
        return err
    raise AssertionError(f"expected {code} from {call.__name__}")


def set_up(cases):
    domain = cases.create_domain(name="boto3 domain")
    domain_id = domain["domainId"]
    assert domain["domainStatus"] == "Active"
    assert domain["domainArn"] == f"arn:aws:cases:us-east-1:123456789012:domain/{domain_id}"
    got = cases.get_domain(domainId=domain_id)
    assert got["name"] == "boto3 domain"
    assert isinstance(got["createdTime"], datetime.datetime)
    listed = cases.list_domains(maxResults=10)
    assert any(d["domainId"] == domain_id for d in listed["domains"])

    priority = cases.create_field(domainId=domain_id, name="priority", type="Number")
    fields = cases.list_fields(domainId=domain_id)["fields"]
    for system in ("title", "status", "customer_id"):
        assert any(f["fieldId"] == system and f["namespace"] == "System" for f in fields), system
    batch = cases.batch_get_field(
        domainId=domain_id, fields=[{"id": "title"}, {"id": priority["fieldId"]}, {"id": "missing"}]
    )
    assert len(batch["fields"]) == 2 and batch["errors"][0]["id"] == "missing", batch

    template = cases.create_template(
        domainId=domain_id, name="boto3 template", requiredFields=[{"fieldId": priority["fieldId"]}]
    )
    got = cases.get_template(domainId=domain_id, templateId=template["templateId"])
    assert got["status"] == "Active" and got["requiredFields"] == [{"fieldId": priority["fieldId"]}]
    listed = cases.list_templates(domainId=domain_id, status=["Active"])
    assert [t["templateId"] for t in listed["templates"]] == [template["templateId"]]

    case = cases.create_case(
        domainId=domain_id,
        templateId=template["templateId"],
        fields=[
            {"id": "title", "value": {"stringValue": "boto3 case"}},
            {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:customer"}},
            {"id": priority["fieldId"], "value": {"doubleValue": 1.0}},
        ],
        performedBy={"userArn": USER},
    )
    got = cases.get_case(domainId=domain_id, caseId=case["caseId"], fields=[{"id": "title"}, {"id": "status"}])
    assert got["fields"] == [
        {"id": "title", "value": {"stringValue": "boto3 case"}},
        {"id": "status", "value": {"stringValue": "open"}},
    ], got["fields"]
    return domain_id, case["caseId"]


def create(cases, domain_id, case_id, item_type, content):
    out = cases.create_related_item(
        domainId=domain_id, caseId=case_id, type=item_type, content=content, performedBy={"userArn": USER}
    )
    assert out["relatedItemArn"].endswith(f"/case/{case_id}/related-item/{out['relatedItemId']}"), out
    return out["relatedItemId"]


def search(cases, domain_id, case_id, filters):
    out = cases.search_related_items(domainId=domain_id, caseId=case_id, filters=filters)
    assert "nextToken" not in out, out
    return [i["relatedItemId"] for i in out["relatedItems"]]


def main(url):
    assert boto3.__version__ == "1.34.98", boto3.__version__
    assert botocore.__version__ == "1.34.98", botocore.__version__
    cases = client(url)
    domain_id, case_id = set_up(cases)

    voice = create(cases, domain_id, case_id, "Contact", {"contact": {"contactArn": contact_arn(1)}})
    note = create(cases, domain_id, case_id, "Comment", {"comment": {"body": "a note", "contentType": "Text/Plain"}})
    doc = create(cases, domain_id, case_id, "File", {"file": {"fileArn": file_arn(1)}})
    chat_arn = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/chat-9"
    chat = create(cases, domain_id, case_id, "Contact", {"contact": {"contactArn": chat_arn}})
    doc2 = create(cases, domain_id, case_id, "File", {"file": {"fileArn": file_arn(2)}})

    items = cases.search_related_items(domainId=domain_id, caseId=case_id)["relatedItems"]
    assert [i["relatedItemId"] for i in items] == [voice, note, doc, chat, doc2]
    assert items[0]["type"] == "Contact"
    assert items[0]["content"]["contact"]["channel"] == "VOICE"
    assert isinstance(items[0]["content"]["contact"]["connectedToSystemTime"], datetime.datetime)
    assert items[1]["content"] == {"comment": {"body": "a note", "contentType": "Text/Plain"}}
    assert items[2]["type"] == "File"
    assert items[2]["content"] == {"file": {"fileArn": file_arn(1)}}
    assert items[3]["content"]["contact"]["channel"] == "CHAT"
    for item in items:
        assert isinstance(item["associationTime"], datetime.datetime)
        assert item["performedBy"] == {"userArn": USER}

    assert search(cases, domain_id, case_id, [{"comment": {}}]) == [note]
    assert search(cases, domain_id, case_id, [{"contact": {}}]) == [voice, chat]
    assert search(cases, domain_id, case_id, [{"contact": {"contactArn": contact_arn(1)}}]) == [voice]
    assert search(cases, domain_id, case_id, [{"contact": {"channel": ["CHAT"]}}]) == [chat]
    assert search(cases, domain_id, case_id, [{"file": {}}]) == [doc, doc2]
    assert search(cases, domain_id, case_id, [{"file": {"fileArn": file_arn(2)}}]) == [doc2]
    assert search(cases, domain_id, case_id, [{"comment": {}}, {"file": {}}]) == [note, doc, doc2]

    expected = [voice, note, doc, chat, doc2]
    for n in range(25):
        if n % 3 == 0:
            expected.append(create(cases, domain_id, case_id, "File", {"file": {"fileArn": file_arn(100 + n)}}))
        elif n % 3 == 1:
            expected.append(create(cases, domain_id, case_id, "Contact", {"contact": {"contactArn": contact_arn(100 + n)}}))
        else:
            body = {"comment": {"body": f"note {n}", "contentType": "Text/Plain"}}
            expected.append(create(cases, domain_id, case_id, "Comment", body))
    assert len(set(expected)) == 30

    paginator = cases.get_paginator("search_related_items")
    for size in (1, 2, 25):
        pages = list(paginator.paginate(domainId=domain_id, caseId=case_id, PaginationConfig={"PageSize": size}))
        seen = [i["relatedItemId"] for page in pages for i in page["relatedItems"]]
        assert seen == expected, size
        assert len(pages) == -(-30 // size), (size, len(pages))
    files = [
        i["relatedItemId"]
        for page in paginator.paginate(
            domainId=domain_id, caseId=case_id, filters=[{"file": {}}], PaginationConfig={"PageSize": 3}
        )
        for i in page["relatedItems"]
    ]
    assert files == [doc, doc2] + expected[5::3], files

    events, token, pages = [], None, 0
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = cases.get_case_audit_events(domainId=domain_id, caseId=case_id, maxResults=4, **kwargs)
        pages += 1
        assert len(page["auditEvents"]) <= 4
        events.extend(page["auditEvents"])
        token = page.get("nextToken")
        if not token:
            break
    assert len(events) == 31 and pages == 8, (len(events), pages)
    assert events[0]["type"] == "Case.Created"
    title = [f for f in events[0]["fields"] if f["eventFieldId"] == "title"]
    assert title and title[0]["newValue"] == {"stringValue": "boto3 case"}, events[0]["fields"]
    assert [e.get("relatedItemType") for e in events[1:6]] == ["Contact", "Comment", "File", "Contact", "File"]
    for event in events[1:]:
        assert event["type"] == "RelatedItem.Created"
        assert event["performedBy"]["iamPrincipalArn"].startswith("arn:aws:iam::123456789012:")
        assert event["performedBy"]["user"] == {"userArn": USER}
        assert isinstance(event["performedTime"], datetime.datetime)

    # Modeled errors reach boto3 as its exception classes.
    try:
        cases.get_case(domainId=domain_id, caseId="no-such-case", fields=[{"id": "title"}])
        raise AssertionError("expected ResourceNotFoundException")
    except cases.exceptions.ResourceNotFoundException as err:
        assert err.response["Error"]["Code"] == "ResourceNotFoundException"
    try:
        cases.create_related_item(
            domainId=domain_id, caseId=case_id, type="File", content={"file": {"fileArn": "a" * 501}}
        )
        raise AssertionError("expected ValidationException")
    except cases.exceptions.ValidationException as err:
        assert "content.file.fileArn" in err.response["Error"]["Message"], err.response
    expect_error("ValidationException", 400, cases.search_related_items, domainId=domain_id, caseId=case_id, maxResults=26)
    expect_error(
        "ValidationException", 400, cases.search_related_items, domainId=domain_id, caseId=case_id, nextToken="forged"
    )

    # With verification on, a wrong secret or region is refused.
    if os.environ.get("CASES_MOCK_SIGV4") == "1":
        bad = client(url, secret="not-the-secret")
        expect_error("InvalidSignatureException", 403, bad.list_domains)
        other_region = client(url, region="eu-west-1")
        expect_error("InvalidSignatureException", 403, other_region.list_domains)
        unknown = client(url, key_id="AKIDUNKNOWN")
        expect_error("AccessDeniedException", 403, unknown.list_domains)

    print(f"boto3 {boto3.__version__} flow against {url}: {len(expected)} related items, {len(events)} audit events")
    print("boto3: 1 passed, 0 failed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
