"""Fields, field options and layouts through botocore 1.44.5.

CreateField, ListFields, BatchGetField, UpdateField, DeleteField, BatchPutFieldOptions,
ListFieldOptions, CreateLayout, GetLayout, ListLayouts, UpdateLayout, DeleteLayout: each
one's happy path on the parsed result and one of its modeled errors.
"""

import datetime

ARN_PREFIX = "arn:aws:cases:us-east-1:123456789012"


def fields(cases, h):
    domain_id = h.new_domain(cases)
    out = cases.create_field(domainId=domain_id, name="severity", type="SingleSelect", description="how bad")
    severity = out["fieldId"]
    assert out["fieldArn"] == f"{ARN_PREFIX}:domain/{domain_id}/field/{severity}", out
    score = cases.create_field(domainId=domain_id, name="score", type="Number")["fieldId"]
    err = h.expect_error("ConflictException", 409, cases.create_field, domainId=domain_id, name="severity", type="Text")
    assert "severity" in err.response["Error"]["Message"], err.response
    h.expect_error("ConflictException", 409, cases.create_field, domainId=domain_id, name="title", type="Text")
    h.expect_error("ValidationException", 400, cases.create_field, domainId=domain_id, name="x", type="Colour")
    h.expect_error("ResourceNotFoundException", 404, cases.create_field, domainId="no-such-domain", name="x", type="Text")

    listed = cases.list_fields(domainId=domain_id)["fields"]
    by_id = {f["fieldId"]: f for f in listed}
    assert by_id["title"]["namespace"] == "System" and by_id["title"]["type"] == "Text", by_id["title"]
    assert by_id[severity] == {
        "fieldId": severity, "fieldArn": out["fieldArn"], "name": "severity", "type": "SingleSelect", "namespace": "Custom",
    }, by_id[severity]
    assert [f["fieldId"] for f in listed][-2:] == [severity, score], listed
    first = cases.list_fields(domainId=domain_id, maxResults=2)
    assert len(first["fields"]) == 2 and first["nextToken"], first
    rest = cases.list_fields(domainId=domain_id, maxResults=100, nextToken=first["nextToken"])
    assert [f["fieldId"] for f in first["fields"] + rest["fields"]] == [f["fieldId"] for f in listed]
    h.expect_error("ResourceNotFoundException", 404, cases.list_fields, domainId="no-such-domain")
    h.expect_error("ValidationException", 400, cases.list_fields, domainId=domain_id, nextToken="forged")

    batch = cases.batch_get_field(domainId=domain_id, fields=[{"id": severity}, {"id": "status"}, {"id": "missing"}])
    assert [f["fieldId"] for f in batch["fields"]] == [severity, "status"], batch
    got = batch["fields"][0]
    assert got["name"] == "severity" and got["description"] == "how bad" and got["namespace"] == "Custom", got
    assert isinstance(got["createdTime"], datetime.datetime) and isinstance(got["lastModifiedTime"], datetime.datetime)
    assert got.get("deleted", False) is False, got
    assert [e["id"] for e in batch["errors"]] == ["missing"] and batch["errors"][0]["errorCode"], batch
    h.expect_error("ResourceNotFoundException", 404, cases.batch_get_field, domainId="no-such-domain", fields=[{"id": "title"}])

    out = cases.update_field(domainId=domain_id, fieldId=severity, name="urgency", description="how urgent")
    assert set(out) == {"ResponseMetadata"}, out
    got = cases.batch_get_field(domainId=domain_id, fields=[{"id": severity}])["fields"][0]
    assert (got["name"], got["description"], got["type"]) == ("urgency", "how urgent", "SingleSelect"), got
    cases.update_field(domainId=domain_id, fieldId=severity, name="urgency")  # its own name is no conflict
    h.expect_error("ConflictException", 409, cases.update_field, domainId=domain_id, fieldId=score, name="urgency")
    err = h.expect_error("ValidationException", 400, cases.update_field, domainId=domain_id, fieldId="title", name="heading")
    assert "fieldId" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.update_field, domainId=domain_id, fieldId="missing", name="y")

    # Options of the single-select field.
    options = [
        {"name": "Low", "value": "low", "active": True},
        {"name": "High", "value": "high", "active": True},
        {"name": "Bad", "value": "not valid!", "active": True},
    ]
    out = cases.batch_put_field_options(domainId=domain_id, fieldId=severity, options=options)
    assert [(e["value"], e["errorCode"]) for e in out["errors"]] == [("not valid!", "InvalidValue")], out
    out = cases.batch_put_field_options(
        domainId=domain_id, fieldId=severity, options=[{"name": "Highest", "value": "high", "active": False}]
    )
    assert out["errors"] == [], out
    listed = cases.list_field_options(domainId=domain_id, fieldId=severity)["options"]
    assert listed == [
        {"name": "Low", "value": "low", "active": True},
        {"name": "Highest", "value": "high", "active": False},
    ], listed
    only = cases.list_field_options(domainId=domain_id, fieldId=severity, values=["high"])["options"]
    assert [o["value"] for o in only] == ["high"], only
    page = cases.list_field_options(domainId=domain_id, fieldId=severity, maxResults=1)
    assert [o["value"] for o in page["options"]] == ["low"] and page["nextToken"], page
    page = cases.list_field_options(domainId=domain_id, fieldId=severity, maxResults=1, nextToken=page["nextToken"])
    assert [o["value"] for o in page["options"]] == ["high"] and "nextToken" not in page, page
    assert cases.list_field_options(domainId=domain_id, fieldId=score)["options"] == []
    err = h.expect_error(
        "ValidationException", 400, cases.batch_put_field_options,
        domainId=domain_id, fieldId=score, options=[{"name": "One", "value": "one", "active": True}],
    )
    assert "fieldId" in err.response["Error"]["Message"], err.response
    h.expect_error(
        "ResourceNotFoundException", 404, cases.batch_put_field_options,
        domainId=domain_id, fieldId="missing", options=[],
    )
    err = h.expect_error("ResourceNotFoundException", 404, cases.list_field_options, domainId=domain_id, fieldId="missing")
    assert err.response["resourceType"] == "Field", err.response

    # Deletion: still read by BatchGetField, left out of ListFields, idempotent.
    out = cases.delete_field(domainId=domain_id, fieldId=score)
    assert set(out) == {"ResponseMetadata"}, out
    got = cases.batch_get_field(domainId=domain_id, fields=[{"id": score}])["fields"][0]
    assert got["deleted"] is True, got
    assert score not in [f["fieldId"] for f in cases.list_fields(domainId=domain_id)["fields"]]
    cases.delete_field(domainId=domain_id, fieldId=score)
    err = h.expect_error("ValidationException", 400, cases.delete_field, domainId=domain_id, fieldId="title")
    assert "fieldId" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.delete_field, domainId=domain_id, fieldId="missing")
    h.expect_error("ValidationException", 400, cases.update_field, domainId=domain_id, fieldId=score, name="again")


def content(*field_ids, name="group"):
    group = {"fields": [{"id": f} for f in field_ids]}
    if name is not None:
        group["name"] = name
    return {"basic": {"topPanel": {"sections": [{"fieldGroup": group}]}}}


def layouts(cases, h):
    domain_id = h.new_domain(cases)
    priority = cases.create_field(domainId=domain_id, name="priority", type="Number")["fieldId"]
    out = cases.create_layout(domainId=domain_id, name="main", content=content(priority, "summary"))
    layout_id = out["layoutId"]
    assert out["layoutArn"] == f"{ARN_PREFIX}:domain/{domain_id}/layout/{layout_id}", out
    second = cases.create_layout(
        domainId=domain_id,
        name="second",
        content={"basic": {"moreInfo": {"sections": [{"fieldGroup": {"fields": []}}]}}},
    )["layoutId"]
    h.expect_error("ConflictException", 409, cases.create_layout, domainId=domain_id, name="main", content=content())
    err = h.expect_error("ValidationException", 400, cases.create_layout, domainId=domain_id, name="t", content=content("title"))
    assert "fields[0].id" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.create_layout, domainId="no-such-domain", name="x", content=content())

    got = cases.get_layout(domainId=domain_id, layoutId=layout_id)
    assert got["layoutId"] == layout_id and got["layoutArn"] == out["layoutArn"] and got["name"] == "main", got
    assert got["content"] == content(priority, "summary"), got["content"]
    assert got["tags"] == {} and got.get("deleted", False) is False, got
    assert isinstance(got["createdTime"], datetime.datetime) and isinstance(got["lastModifiedTime"], datetime.datetime)
    assert cases.get_layout(domainId=domain_id, layoutId=second)["content"] == {
        "basic": {"moreInfo": {"sections": [{"fieldGroup": {"fields": []}}]}}
    }
    err = h.expect_error("ResourceNotFoundException", 404, cases.get_layout, domainId=domain_id, layoutId="missing")
    assert err.response["resourceType"] == "Layout", err.response

    listed = cases.list_layouts(domainId=domain_id)["layouts"]
    assert listed == [
        {"layoutId": layout_id, "layoutArn": out["layoutArn"], "name": "main"},
        {"layoutId": second, "layoutArn": f"{ARN_PREFIX}:domain/{domain_id}/layout/{second}", "name": "second"},
    ], listed
    page = cases.list_layouts(domainId=domain_id, maxResults=1)
    assert [l["layoutId"] for l in page["layouts"]] == [layout_id] and page["nextToken"], page
    page = cases.list_layouts(domainId=domain_id, maxResults=1, nextToken=page["nextToken"])
    assert [l["layoutId"] for l in page["layouts"]] == [second] and "nextToken" not in page, page
    h.expect_error("ResourceNotFoundException", 404, cases.list_layouts, domainId="no-such-domain")

    out = cases.update_layout(domainId=domain_id, layoutId=layout_id, name="primary")
    assert set(out) == {"ResponseMetadata"}, out
    got = cases.get_layout(domainId=domain_id, layoutId=layout_id)
    assert got["name"] == "primary" and got["content"] == content(priority, "summary"), got
    cases.update_layout(domainId=domain_id, layoutId=layout_id, content=content("summary", name=None))
    assert cases.get_layout(domainId=domain_id, layoutId=layout_id)["content"] == content("summary", name=None)
    h.expect_error("ConflictException", 409, cases.update_layout, domainId=domain_id, layoutId=second, name="primary")
    h.expect_error("ResourceNotFoundException", 404, cases.update_layout, domainId=domain_id, layoutId="missing", name="z")

    # A layout that a live template names as its default cannot go.
    template_id = cases.create_template(
        domainId=domain_id, name="with layout", layoutConfiguration={"defaultLayout": layout_id}
    )["templateId"]
    h.expect_error("ConflictException", 409, cases.delete_layout, domainId=domain_id, layoutId=layout_id)
    cases.delete_template(domainId=domain_id, templateId=template_id)
    out = cases.delete_layout(domainId=domain_id, layoutId=layout_id)
    assert set(out) == {"ResponseMetadata"}, out
    assert cases.get_layout(domainId=domain_id, layoutId=layout_id)["deleted"] is True
    assert [l["layoutId"] for l in cases.list_layouts(domainId=domain_id)["layouts"]] == [second]
    cases.delete_layout(domainId=domain_id, layoutId=layout_id)
    err = h.expect_error("ValidationException", 400, cases.update_layout, domainId=domain_id, layoutId=layout_id, name="n")
    assert "layoutId" in err.response["Error"]["Message"], err.response
    h.expect_error("ResourceNotFoundException", 404, cases.delete_layout, domainId=domain_id, layoutId="missing")


def flow(cases, h):
    fields(cases, h)
    layouts(cases, h)
