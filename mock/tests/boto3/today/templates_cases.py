"""Templates and cases through botocore 1.44.5.

CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate, DeleteTemplate, CreateCase,
GetCase, UpdateCase, SearchCases, ListCasesForContact: each one's happy path on the
parsed result and one of its modeled errors; SearchCases also with a 1.44.5 `tag`
filter and `totalCount`.
"""

import datetime

ARN_PREFIX = "arn:aws:cases:us-east-1:123456789012"


def templates(cases, h):
    domain_id = h.new_domain(cases)
    priority = cases.create_field(domainId=domain_id, name="priority", type="Number")["fieldId"]
    out = cases.create_template(
        domainId=domain_id, name="incident", description="for incidents", requiredFields=[{"fieldId": priority}]
    )
    template_id = out["templateId"]
    assert out["templateArn"] == f"{ARN_PREFIX}:domain/{domain_id}/template/{template_id}", out
    draft = cases.create_template(domainId=domain_id, name="draft", status="Inactive")["templateId"]
    h.expect_error("ConflictException", 409, cases.create_template, domainId=domain_id, name="incident")
    err = h.expect_error(
        "ValidationException", 400, cases.create_template,
        domainId=domain_id, name="bad", requiredFields=[{"fieldId": "no-such-field"}],
    )
    assert "requiredFields[0].fieldId" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.create_template, domainId="no-such-domain", name="x")

    got = cases.get_template(domainId=domain_id, templateId=template_id)
    assert got["templateId"] == template_id and got["templateArn"] == out["templateArn"], got
    assert (got["name"], got["description"], got["status"]) == ("incident", "for incidents", "Active"), got
    assert got["requiredFields"] == [{"fieldId": priority}] and got["tags"] == {}, got
    assert got.get("deleted", False) is False, got
    assert isinstance(got["createdTime"], datetime.datetime) and isinstance(got["lastModifiedTime"], datetime.datetime)
    err = h.expect_error("ResourceNotFoundException", 404, cases.get_template, domainId=domain_id, templateId="missing")
    assert err.response["resourceType"] == "Template", err.response

    listed = cases.list_templates(domainId=domain_id)["templates"]
    assert [(t["templateId"], t["name"], t["status"]) for t in listed] == [
        (template_id, "incident", "Active"), (draft, "draft", "Inactive"),
    ], listed
    assert [t["templateId"] for t in cases.list_templates(domainId=domain_id, status=["Inactive"])["templates"]] == [draft]
    both = cases.list_templates(domainId=domain_id, status=["Active", "Inactive"], maxResults=1)
    assert [t["templateId"] for t in both["templates"]] == [template_id] and both["nextToken"], both
    rest = cases.list_templates(domainId=domain_id, status=["Active", "Inactive"], nextToken=both["nextToken"])
    assert [t["templateId"] for t in rest["templates"]] == [draft] and "nextToken" not in rest, rest
    h.expect_error("ResourceNotFoundException", 404, cases.list_templates, domainId="no-such-domain")
    h.expect_error("ValidationException", 400, cases.list_templates, domainId=domain_id, nextToken="forged")

    out = cases.update_template(domainId=domain_id, templateId=draft, status="Active", requiredFields=[])
    assert set(out) == {"ResponseMetadata"}, out
    got = cases.get_template(domainId=domain_id, templateId=draft)
    assert (got["name"], got["status"], got.get("requiredFields", [])) == ("draft", "Active", []), got
    cases.update_template(domainId=domain_id, templateId=draft, name="draft")  # its own name is no conflict
    h.expect_error("ConflictException", 409, cases.update_template, domainId=domain_id, templateId=draft, name="incident")
    err = h.expect_error("ValidationException", 400, cases.update_template, domainId=domain_id, templateId=draft)
    assert "name" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.update_template, domainId=domain_id, templateId="missing", name="m")

    out = cases.delete_template(domainId=domain_id, templateId=draft)
    assert set(out) == {"ResponseMetadata"}, out
    assert cases.get_template(domainId=domain_id, templateId=draft)["deleted"] is True
    assert [t["templateId"] for t in cases.list_templates(domainId=domain_id)["templates"]] == [template_id]
    cases.delete_template(domainId=domain_id, templateId=draft)  # idempotent
    err = h.expect_error("ValidationException", 400, cases.update_template, domainId=domain_id, templateId=draft, name="d2")
    assert "templateId" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.delete_template, domainId=domain_id, templateId="missing")


def title(text):
    return {"id": "title", "value": {"stringValue": text}}


CUSTOMER = {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:customer"}}


def cases_flow(cases, h):
    domain_id = h.new_domain(cases)
    priority = cases.create_field(domainId=domain_id, name="priority", type="Number")["fieldId"]
    urgent = cases.create_field(domainId=domain_id, name="urgent", type="Boolean")["fieldId"]
    template_id = cases.create_template(domainId=domain_id, name="t", requiredFields=[{"fieldId": priority}])["templateId"]

    def create(text, prio, **extra):
        fields = [title(text), CUSTOMER, {"id": priority, "value": {"doubleValue": prio}}]
        return cases.create_case(
            domainId=domain_id, templateId=template_id, fields=fields, performedBy={"userArn": h.USER}, **extra
        )

    out = create("printer on fire", 3.0, clientToken="boto3-today-token")
    case_id = out["caseId"]
    assert out["caseArn"] == f"{ARN_PREFIX}:domain/{domain_id}/case/{case_id}", out
    assert create("printer on fire", 3.0, clientToken="boto3-today-token")["caseId"] == case_id
    err = h.expect_error(
        "ValidationException", 400, cases.create_case,
        domainId=domain_id, templateId=template_id, fields=[CUSTOMER, {"id": priority, "value": {"doubleValue": 1.0}}],
    )
    assert "title" in err.response["Error"]["Message"], err.response
    h.expect_error(
        "ResourceNotFoundException", 404, cases.create_case,
        domainId=domain_id, templateId="missing", fields=[title("x"), CUSTOMER],
    )

    got = cases.get_case(
        domainId=domain_id, caseId=case_id,
        fields=[{"id": "title"}, {"id": priority}, {"id": "status"}, {"id": urgent}, {"id": "reference_number"}],
    )
    values = [(f["id"], f["value"]) for f in got["fields"]]
    assert values[:3] == [
        ("title", {"stringValue": "printer on fire"}),
        (priority, {"doubleValue": 3.0}),
        ("status", {"stringValue": "open"}),
    ], values
    assert [i for i, _ in values[3:]] == ["reference_number"] and values[3][1]["stringValue"], values
    assert got["templateId"] == template_id and got["tags"] == {} and "nextToken" not in got, got
    err = h.expect_error("ResourceNotFoundException", 404, cases.get_case, domainId=domain_id, caseId="missing", fields=[{"id": "title"}])
    assert err.response["resourceId"] == "missing" and err.response["resourceType"] == "Case", err.response

    out = cases.update_case(
        domainId=domain_id, caseId=case_id,
        fields=[{"id": urgent, "value": {"booleanValue": True}}, {"id": "status", "value": {"stringValue": "closed"}}],
        performedBy={"userArn": h.USER},
    )
    assert set(out) == {"ResponseMetadata"}, out
    got = cases.get_case(domainId=domain_id, caseId=case_id, fields=[{"id": urgent}, {"id": "status"}, {"id": "title"}])
    assert got["fields"] == [
        {"id": urgent, "value": {"booleanValue": True}},
        {"id": "status", "value": {"stringValue": "closed"}},
        title("printer on fire"),
    ], got["fields"]
    err = h.expect_error(
        "ValidationException", 400, cases.update_case,
        domainId=domain_id, caseId=case_id, fields=[{"id": "no-such-field", "value": {"stringValue": "x"}}],
    )
    assert "fields[0].id" in err.response["Error"]["Message"], err.response
    err = h.expect_error(
        "ValidationException", 400, cases.update_case,
        domainId=domain_id, caseId=case_id, fields=[{"id": priority, "value": {"emptyValue": {}}}],
    )
    assert "fields[0].value" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.update_case, domainId=domain_id, caseId="missing", fields=[])
    updated = [e for e in cases.get_case_audit_events(domainId=domain_id, caseId=case_id)["auditEvents"] if e["type"] == "Case.Updated"]
    assert len(updated) == 1, updated
    assert [f["eventFieldId"] for f in updated[0]["fields"]] == [urgent, "status", "last_updated_datetime"], updated
    status = updated[0]["fields"][1]
    assert status["oldValue"] == {"stringValue": "open"} and status["newValue"] == {"stringValue": "closed"}, status

    # SearchCases: filters, sorts, terms, pages.
    second = create("scanner jammed", 1.0)["caseId"]
    third = create("printer out of toner", 2.0)["caseId"]

    def search(**kwargs):
        out = cases.search_cases(domainId=domain_id, **kwargs)
        assert "nextToken" not in out, out
        return [c["caseId"] for c in out["cases"]]

    assert search() == [case_id, second, third]
    assert search(searchTerm="PRINTER") == [case_id, third]
    assert search(filter={"field": {"greaterThan": {"id": priority, "value": {"doubleValue": 1.5}}}}) == [case_id, third]
    assert search(filter={"not": {"field": {"equalTo": {"id": "status", "value": {"stringValue": "open"}}}}}) == [case_id]
    assert search(
        filter={"orAll": [
            {"field": {"contains": {"id": "title", "value": {"stringValue": "jam"}}}},
            {"field": {"equalTo": {"id": urgent, "value": {"booleanValue": True}}}},
        ]}
    ) == [case_id, second]
    assert search(filter={"andAll": []}, sorts=[{"fieldId": priority, "sortOrder": "Asc"}]) == [second, third, case_id]
    out = cases.search_cases(domainId=domain_id, fields=[{"id": "title"}, {"id": priority}], sorts=[{"fieldId": priority, "sortOrder": "Desc"}])
    first = out["cases"][0]
    assert first["caseId"] == case_id and first["templateId"] == template_id and first["tags"] == {}, first
    assert first["fields"] == [title("printer on fire"), {"id": priority, "value": {"doubleValue": 3.0}}], first
    pages = list(cases.get_paginator("search_cases").paginate(domainId=domain_id, PaginationConfig={"PageSize": 1}))
    assert [c["caseId"] for p in pages for c in p["cases"]] == [case_id, second, third] and len(pages) == 3, pages
    err = h.expect_error(
        "ValidationException", 400, cases.search_cases,
        domainId=domain_id, filter={"field": {"equalTo": {"id": "no-such-field", "value": {"stringValue": "x"}}}},
    )
    assert "filter.field.equalTo.id" in err.response["Error"]["Message"], err.response
    h.expect_error("ValidationException", 400, cases.search_cases, domainId=domain_id, nextToken="forged")
    h.expect_error("ResourceNotFoundException", 404, cases.search_cases, domainId="no-such-domain")

    # 1.44.5: a tag filter (the tag TagResource set) and totalCount over all pages.
    cases.tag_resource(arn=f"{ARN_PREFIX}:domain/{domain_id}/case/{second}", tags={"team": "blue"})
    out = cases.search_cases(domainId=domain_id, filter={"tag": {"equalTo": {"key": "team", "value": "blue"}}})
    assert [c["caseId"] for c in out["cases"]] == [second] and out["totalCount"] == 1, out
    assert out["cases"][0]["tags"] == {"team": "blue"}, out
    out = cases.search_cases(domainId=domain_id, maxResults=100, filter={"not": {"tag": {"equalTo": {"key": "team", "value": "blue"}}}})
    assert [c["caseId"] for c in out["cases"]] == [case_id, third] and out["totalCount"] == 2, out
    assert cases.search_cases(domainId=domain_id, maxResults=1)["totalCount"] == 3

    # ListCasesForContact: the cases with a Contact item of that ARN, in creation order.
    contact = h.contact_arn(0x5EED)
    for cid in (third, case_id):
        cases.create_related_item(
            domainId=domain_id, caseId=cid, type="Contact", content={"contact": {"contactArn": contact}}
        )
    listed = cases.list_cases_for_contact(domainId=domain_id, contactArn=contact)
    assert listed["cases"] == [
        {"caseId": case_id, "templateId": template_id}, {"caseId": third, "templateId": template_id},
    ] and "nextToken" not in listed, listed
    page = cases.list_cases_for_contact(domainId=domain_id, contactArn=contact, maxResults=1)
    assert [c["caseId"] for c in page["cases"]] == [case_id] and page["nextToken"], page
    page = cases.list_cases_for_contact(domainId=domain_id, contactArn=contact, maxResults=1, nextToken=page["nextToken"])
    assert [c["caseId"] for c in page["cases"]] == [third], page
    assert cases.list_cases_for_contact(domainId=domain_id, contactArn=h.contact_arn(0xDEAD))["cases"] == []
    h.expect_error("ResourceNotFoundException", 404, cases.list_cases_for_contact, domainId="no-such-domain", contactArn=contact)
    h.expect_error(
        "ValidationException", 400, cases.list_cases_for_contact, domainId=domain_id, contactArn=contact, nextToken="forged"
    )


def flow(cases, h):
    templates(cases, h)
    cases_flow(cases, h)
