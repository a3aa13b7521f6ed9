"""Case rules (1.44.5) driven by botocore 1.44.5: each of the five operations once
successfully and once into one of its modeled errors, asserted on botocore's parsed
results; plus a template using a `required` rule, which CreateCase enforces.

`flow(cases, h)` is called by the 1.44.5 runner with a connectcases client for a fresh
mock at `--release 1.44.5` and the shared helper module `h`.
"""


def _required_when(field_id, value):
    """A `required` rule: the field is required when `field_id` equals `value`."""
    return {
        "required": {
            "defaultValue": False,
            "conditions": [
                {
                    "equalTo": {
                        "operandOne": {"fieldId": field_id},
                        "operandTwo": {"stringValue": value},
                        "result": True,
                    }
                }
            ],
        }
    }


def flow(cases, h):
    domain_id = h.new_domain(cases)

    # CreateCaseRule.
    rule = _required_when("status", "closed")
    created = cases.create_case_rule(
        domainId=domain_id, name="summary when closed", description="d", rule=rule
    )
    rule_id = created["caseRuleId"]
    assert created["caseRuleArn"].endswith("/case-rule/" + rule_id), created
    options = {
        "fieldOptions": {
            "parentFieldId": "status",
            "childFieldId": "summary",
            "parentChildFieldOptionsMappings": [
                {"parentFieldOptionValue": "open", "childFieldOptionValues": ["a", ""]}
            ],
        }
    }
    options_id = cases.create_case_rule(domainId=domain_id, name="options", rule=options)[
        "caseRuleId"
    ]
    err = h.expect_error(
        "ValidationException",
        400,
        cases.create_case_rule,
        domainId=domain_id,
        name="bad",
        rule=_required_when("no-such-field", "x"),
    )
    assert "operandOne.fieldId" in err.response["Error"]["Message"], err.response

    # BatchGetCaseRule: rules as put, unknown ids as errors.
    got = cases.batch_get_case_rule(
        domainId=domain_id, caseRules=[{"id": rule_id}, {"id": "unknown"}]
    )
    assert [r["caseRuleId"] for r in got["caseRules"]] == [rule_id], got
    first = got["caseRules"][0]
    assert first["rule"] == rule, first
    assert first["name"] == "summary when closed" and first["description"] == "d", first
    assert first["deleted"] is False, first
    assert got["errors"][0]["id"] == "unknown", got
    assert got["errors"][0]["errorCode"] == "NotFound", got
    h.expect_error(
        "ResourceNotFoundException",
        404,
        cases.batch_get_case_rule,
        domainId="no-such-domain",
        caseRules=[{"id": rule_id}],
    )

    # ListCaseRules (requestUri with its trailing slash) and its paginator.
    listed = cases.list_case_rules(domainId=domain_id, maxResults=1)
    assert len(listed["caseRules"]) == 1 and "nextToken" in listed, listed
    pages = cases.get_paginator("list_case_rules").paginate(
        domainId=domain_id, PaginationConfig={"PageSize": 1}
    )
    summaries = [r for page in pages for r in page["caseRules"]]
    assert [(r["caseRuleId"], r["ruleType"]) for r in summaries] == [
        (rule_id, "Required"),
        (options_id, "FieldOptions"),
    ], summaries
    h.expect_error(
        "ValidationException",
        400,
        cases.list_case_rules,
        domainId=domain_id,
        nextToken="not-a-token",
    )

    # UpdateCaseRule.
    cases.update_case_rule(domainId=domain_id, caseRuleId=rule_id, name="renamed")
    got = cases.batch_get_case_rule(domainId=domain_id, caseRules=[{"id": rule_id}])
    assert got["caseRules"][0]["name"] == "renamed", got
    assert got["caseRules"][0]["rule"] == rule, got
    err = h.expect_error(
        "ResourceNotFoundException",
        404,
        cases.update_case_rule,
        domainId=domain_id,
        caseRuleId="no-such-rule",
        name="x",
    )
    assert err.response["resourceType"] == "CaseRule", err.response

    # A template using the rule: CreateCase requires `summary` on a closed case.
    template_id = cases.create_template(
        domainId=domain_id,
        name="with rule",
        rules=[{"caseRuleId": rule_id, "fieldId": "summary"}],
    )["templateId"]
    template = cases.get_template(domainId=domain_id, templateId=template_id)
    assert template["rules"] == [{"caseRuleId": rule_id, "fieldId": "summary"}], template
    fields = [
        {"id": "title", "value": {"stringValue": "closed case"}},
        {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:domains/d/profiles/p"}},
        {"id": "status", "value": {"stringValue": "closed"}},
    ]
    h.expect_error(
        "ValidationException",
        400,
        cases.create_case,
        domainId=domain_id,
        templateId=template_id,
        fields=fields,
    )
    fields.append({"id": "summary", "value": {"stringValue": "resolved"}})
    assert cases.create_case(domainId=domain_id, templateId=template_id, fields=fields)[
        "caseId"
    ]

    # DeleteCaseRule: a rule the template uses is a 409; an unused one is deleted.
    h.expect_error(
        "ConflictException",
        409,
        cases.delete_case_rule,
        domainId=domain_id,
        caseRuleId=rule_id,
    )
    cases.delete_case_rule(domainId=domain_id, caseRuleId=options_id)
    got = cases.batch_get_case_rule(domainId=domain_id, caseRules=[{"id": options_id}])
    assert got["caseRules"][0]["deleted"] is True, got
    remaining = cases.list_case_rules(domainId=domain_id)["caseRules"]
    assert [r["caseRuleId"] for r in remaining] == [rule_id], remaining
