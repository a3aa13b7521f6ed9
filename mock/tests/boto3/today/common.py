"""Shared helpers of the botocore-1.44.5 modules, handed to each module's flow(cases, h) as h.

The interface every module may rely on: expect_error, new_domain, new_case, contact_arn,
file_arn and USER. The mock runs in account 123456789012, region us-east-1.
"""

import itertools
import uuid

from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
USER = f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/i/agent/boto3-user"

_serial = itertools.count(1)
# Names stay unique across modules and across runs against one long-lived mock.
_run = uuid.uuid4().hex[:8]


def contact_arn(n):
    """The ARN of Amazon Connect contact number n (the mock derives VOICE as its channel)."""
    return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/i/contact/{n:08x}"


def file_arn(n):
    """The ARN of Amazon Connect file number n."""
    return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/i/file/{n:08x}"


def _unique(prefix):
    return f"{prefix} {_run}-{next(_serial)}"


def expect_error(code, status, call, **kwargs):
    """Calls call(**kwargs), which must fail with a ClientError of that error code and HTTP
    status and a non-empty message; returns the error. AssertionError if it succeeded."""
    name = getattr(call, "__name__", repr(call))
    try:
        call(**kwargs)
    except ClientError as err:
        got = err.response.get("Error", {}).get("Code")
        got_status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        assert (got, got_status) == (code, status), (
            f"{name}: expected {code} ({status}), got {got} ({got_status}): {err.response}"
        )
        assert err.response["Error"].get("Message"), f"{name}: {code} without a message: {err.response}"
        return err
    raise AssertionError(f"{name}: expected {code} ({status}), but the call succeeded")


def new_domain(cases):
    """Creates a domain with a unique name; returns its id."""
    out = cases.create_domain(name=_unique("boto3 today domain"))
    assert out["domainStatus"] == "Active", out
    return out["domainId"]


def new_case(cases, domain_id):
    """Creates an Active template without required fields and a case on it with what
    CreateCase requires (title; customer_id, as AWS documents); returns (case_id, template_id)."""
    template_id = cases.create_template(domainId=domain_id, name=_unique("boto3 today template"))["templateId"]
    out = cases.create_case(
        domainId=domain_id,
        templateId=template_id,
        fields=[
            {"id": "title", "value": {"stringValue": _unique("boto3 today case")}},
            {"id": "customer_id", "value": {"stringValue": f"arn:aws:profile:{REGION}:{ACCOUNT}:customer"}},
        ],
        performedBy={"userArn": USER},
    )
    assert out["caseArn"].endswith(f"/case/{out['caseId']}"), out
    return out["caseId"], template_id
