"""Domains, tags and the case event configuration through botocore 1.44.5.

CreateDomain, GetDomain, ListDomains, DeleteDomain, TagResource, UntagResource,
ListTagsForResource, GetCaseEventConfiguration, PutCaseEventConfiguration: each one's
happy path on the parsed result and one of its modeled errors.
"""

import datetime

ARN_PREFIX = "arn:aws:cases:us-east-1:123456789012"


def domains(cases, h):
    out = cases.create_domain(name="boto3 today: domains")
    domain_id = out["domainId"]
    assert out["domainArn"] == f"{ARN_PREFIX}:domain/{domain_id}", out
    assert out["domainStatus"] == "Active", out
    err = h.expect_error("ValidationException", 400, cases.create_domain, name="n" * 101)
    assert "name" in err.response["Error"]["Message"], err.response

    got = cases.get_domain(domainId=domain_id)
    assert got["domainId"] == domain_id and got["domainArn"] == out["domainArn"], got
    assert got["name"] == "boto3 today: domains" and got["domainStatus"] == "Active", got
    assert isinstance(got["createdTime"], datetime.datetime) and got["createdTime"].tzinfo, got
    assert got.get("tags", {}) == {}, got
    err = h.expect_error("ResourceNotFoundException", 404, cases.get_domain, domainId="no-such-domain")
    assert err.response["resourceId"] == "no-such-domain" and err.response["resourceType"] == "Domain", err.response

    # Walk ListDomains a page of one at a time until the new domain shows.
    ids, token, pages = [], None, 0
    while True:
        page = cases.list_domains(maxResults=1, **({"nextToken": token} if token else {}))
        pages += 1
        assert len(page["domains"]) <= 1, page
        ids += [d["domainId"] for d in page["domains"]]
        token = page.get("nextToken")
        if not token or pages > 1000:
            break
    assert ids.count(domain_id) == 1, ids
    summary = cases.list_domains(maxResults=10)["domains"]
    assert all(set(d) == {"domainId", "domainArn", "name"} for d in summary), summary
    h.expect_error("ValidationException", 400, cases.list_domains, nextToken="forged")

    cases.delete_domain(domainId=domain_id)
    h.expect_error("ResourceNotFoundException", 404, cases.get_domain, domainId=domain_id)
    h.expect_error("ResourceNotFoundException", 404, cases.delete_domain, domainId=domain_id)
    assert domain_id not in [d["domainId"] for d in cases.list_domains(maxResults=10)["domains"]]


def tags(cases, h):
    domain_id = h.new_domain(cases)
    case_id, template_id = h.new_case(cases, domain_id)
    domain_arn = cases.get_domain(domainId=domain_id)["domainArn"]
    template_arn = cases.get_template(domainId=domain_id, templateId=template_id)["templateArn"]
    case_arn = f"{domain_arn}/case/{case_id}"

    for arn in (domain_arn, template_arn, case_arn):
        assert cases.list_tags_for_resource(arn=arn)["tags"] == {}, arn
        out = cases.tag_resource(arn=arn, tags={"team": "boto3", "env": "test"})
        assert set(out) == {"ResponseMetadata"}, out
        cases.tag_resource(arn=arn, tags={"team": "mock"})
        assert cases.list_tags_for_resource(arn=arn)["tags"] == {"team": "mock", "env": "test"}, arn
        cases.untag_resource(arn=arn, tagKeys=["env", "absent"])
        assert cases.list_tags_for_resource(arn=arn)["tags"] == {"team": "mock"}, arn
    # The resources' own answers carry their tags.
    assert cases.get_domain(domainId=domain_id)["tags"] == {"team": "mock"}
    assert cases.get_template(domainId=domain_id, templateId=template_id)["tags"] == {"team": "mock"}
    got = cases.get_case(domainId=domain_id, caseId=case_id, fields=[{"id": "title"}])
    assert got["tags"] == {"team": "mock"}, got

    unknown = f"{ARN_PREFIX}:domain/no-such-domain"
    err = h.expect_error("ResourceNotFoundException", 404, cases.tag_resource, arn=unknown, tags={"a": "b"})
    assert err.response["resourceId"] == unknown and err.response["resourceType"] == "Domain", err.response
    h.expect_error("ResourceNotFoundException", 404, cases.list_tags_for_resource, arn=unknown)
    h.expect_error("ResourceNotFoundException", 404, cases.untag_resource, arn=unknown, tagKeys=["a"])
    err = h.expect_error("ValidationException", 400, cases.untag_resource, arn=domain_arn, tagKeys=["aws:reserved"])
    assert "tagKeys[0]" in err.response["Error"]["Message"], err.response
    h.expect_error("ValidationException", 400, cases.list_tags_for_resource, arn="a" * 501)


def event_configuration(cases, h):
    domain_id = h.new_domain(cases)
    assert cases.get_case_event_configuration(domainId=domain_id)["eventBridge"] == {"enabled": False}
    config = {
        "enabled": True,
        "includedData": {
            "caseData": {"fields": [{"id": "status"}, {"id": "title"}]},
            "relatedItemData": {"includeContent": True},
        },
    }
    out = cases.put_case_event_configuration(domainId=domain_id, eventBridge=config)
    assert set(out) == {"ResponseMetadata"}, out
    assert cases.get_case_event_configuration(domainId=domain_id)["eventBridge"] == config
    cases.put_case_event_configuration(domainId=domain_id, eventBridge={"enabled": False})
    assert cases.get_case_event_configuration(domainId=domain_id)["eventBridge"] == {"enabled": False}

    err = h.expect_error(
        "ValidationException",
        400,
        cases.put_case_event_configuration,
        domainId=domain_id,
        eventBridge={"enabled": True, "includedData": {"caseData": {"fields": [{"id": "no-such-field"}]}}},
    )
    assert "eventBridge.includedData.caseData.fields[0].id" in err.response["Error"]["Message"], err.response
    h.expect_error(
        "ResourceNotFoundException", 404, cases.put_case_event_configuration,
        domainId="no-such-domain", eventBridge={"enabled": True},
    )
    h.expect_error("ResourceNotFoundException", 404, cases.get_case_event_configuration, domainId="no-such-domain")


def flow(cases, h):
    domains(cases, h)
    tags(cases, h)
    event_configuration(cases, h)
