"""The mock driven by botocore 1.44.5 (the release the mock emulates with --release 1.44.5).

Usage: run.py ENDPOINT_URL

Builds one connectcases client (SigV4 with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, no
retries), imports every module of this folder but common and run, in sorted order, and
calls each one's flow(cases, h) with that client and the helper module common as h, all
against the same mock. botocore's event hooks record, per operation, whether it succeeded
and which error codes it answered. At the end every operation of the client's service
model (47 at 1.44.5) must have been called with at least one success and at least one
modeled error (a code among that operation's model errors); the ones missing are listed.
Exits non-zero on a failed module or a missing operation.
"""

import collections
import importlib
import os
import pathlib
import sys
import traceback

import botocore
import botocore.session
from botocore.config import Config

BOTOCORE_VERSION = "1.44.5"
HERE = pathlib.Path(__file__).resolve().parent
NOT_MODULES = {"common", "run"}


class Recorder:
    """Per operation: successes, error codes answered, and the modules that called it."""

    def __init__(self):
        self.successes = collections.Counter()
        self.errors = collections.defaultdict(collections.Counter)
        self.transport_errors = collections.defaultdict(list)
        self.last_operation = None
        self.module = None
        self.by_module = collections.defaultdict(set)

    def provide_params(self, model, **_):
        # Emitted first by every call, before client-side parameter validation.
        self.last_operation = model.name

    def after_call(self, http_response, parsed, model, context, **_):
        name = model.name
        self.by_module[self.module].add(name)
        if http_response.status_code < 300:
            self.successes[name] += 1
        else:
            code = context.get("error_code_override") or (parsed or {}).get("Error", {}).get("Code")
            self.errors[name][code or f"HTTP {http_response.status_code} without a code"] += 1

    def after_call_error(self, exception, context, **_):
        self.transport_errors[self.last_operation].append(repr(exception))

    def register(self, events):
        events.register("provide-client-params.connectcases", self.provide_params)
        events.register("after-call.connectcases", self.after_call)
        events.register("after-call-error.connectcases", self.after_call_error)


def client(url):
    session = botocore.session.get_session()
    return session.create_client(
        "connectcases",
        endpoint_url=url,
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def module_names():
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem not in NOT_MODULES and not p.stem.startswith("_"))


def run_module(name, cases, h, recorder):
    recorder.module = name
    recorder.last_operation = None
    try:
        module = importlib.import_module(name)
        flow = getattr(module, "flow", None)
        if not callable(flow):
            raise AssertionError(f"module {name} has no flow(cases, h)")
        flow(cases, h)
    except Exception as err:  # noqa: BLE001 - every failure of a module is reported, then the next runs
        op = recorder.last_operation or "(none)"
        print(f"FAIL module {name}: {type(err).__name__} (last operation called: {op}): {err}")
        traceback.print_exc(file=sys.stdout)
        return False
    called = sorted(recorder.by_module[name])
    print(f"ok   module {name}: {len(called)} operations called: {', '.join(called)}")
    return True


def completeness(model, recorder):
    """Lines naming each operation of the model without a success or without a modeled error."""
    missing = []
    for name in sorted(model.operation_names):
        modeled = {shape.error_code for shape in model.operation_model(name).error_shapes}
        got = recorder.errors.get(name, {})
        lacks = []
        if recorder.successes[name] == 0:
            lacks.append("no success")
        if not modeled & set(got):
            other = f" (errors seen: {', '.join(sorted(got))})" if got else ""
            lacks.append(f"no modeled error{other}")
        if lacks:
            missing.append(f"{name}: {'; '.join(lacks)}")
    return missing


def main(url):
    assert botocore.__version__ == BOTOCORE_VERSION, f"botocore {botocore.__version__}, not {BOTOCORE_VERSION}"
    sys.path.insert(0, str(HERE))
    import common as h

    cases = client(url)
    recorder = Recorder()
    recorder.register(cases.meta.events)
    model = cases.meta.service_model

    names = module_names()
    print(f"botocore {botocore.__version__} against {url}: {len(model.operation_names)} operations, modules: {', '.join(names)}")
    passed = failed = 0
    for name in names:
        if run_module(name, cases, h, recorder):
            passed += 1
        else:
            failed += 1

    for op, errs in sorted(recorder.transport_errors.items()):
        print(f"transport errors in {op}: {errs}")

    missing = completeness(model, recorder)
    covered = len(model.operation_names) - len(missing)
    if missing:
        failed += 1
        print(
            f"FAIL completeness: {len(missing)} of {len(model.operation_names)} operations lack a success "
            f"or a modeled error:"
        )
        for line in missing:
            print(f"  missing {line}")
    else:
        passed += 1
        print(f"ok   completeness: all {covered} operations succeeded and answered a modeled error")
    print(f"botocore {botocore.__version__} modules and completeness against {url}:")
    print(f"boto3: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
