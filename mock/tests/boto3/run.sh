#!/usr/bin/env bash
# Drives the cases-mock binary with the AWS SDK for Python of one model release, the
# mock emulating that same release (--release). The service model ships in botocore,
# which boto3 would otherwise let float, so both are pinned. The mock runs with SigV4
# verification on for a dummy key pair, so botocore's signer is checked as well.
#
#   bash mock/tests/boto3/run.sh [1.34.98|1.44.5]
#
# 1.34.98 (the default, the contract's release): boto3==1.34.98 + botocore==1.34.98 run
#         flow.py.
# 1.44.5: botocore==1.44.5 + boto3==1.44.5 (the boto3 release that requires
#         botocore>=1.44.5,<1.45.0) run today/run.py: every module of today/ against one
#         mock, then a check that each of the model's 47 operations answered at least one
#         success and at least one of its modeled errors.
#
# CASES_MOCK_BIN: an already built cases-mock binary to use instead of building one.
# BOTO3_VENV: virtualenv to use (default per release: target/boto3-venv for 1.34.98,
#             target/boto3-1.44.5-venv for 1.44.5, under the repository root); reused when
#             it already has that release's boto3 and botocore, else they are installed
#             into it (so give each release its own). Needs no network but PyPI.
# PYTHON:     interpreter that creates the venv (default: python3; 1.44.5 needs >= 3.10).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
release="${1:-1.34.98}"
case "$release" in
    1.34.98)
        boto3_version="1.34.98"
        botocore_version="1.34.98"
        default_venv="$root/target/boto3-venv"
        script="$here/flow.py"
        ;;
    1.44.5)
        boto3_version="1.44.5"
        botocore_version="1.44.5"
        default_venv="$root/target/boto3-1.44.5-venv"
        script="$here/today/run.py"
        ;;
    *)
        echo "run.sh: unknown release '$release' (supported: 1.34.98, 1.44.5)" >&2
        exit 2
        ;;
esac
venv="${BOTO3_VENV:-$default_venv}"

has_boto3() {
    [[ -x "$venv/bin/python" ]] &&
        "$venv/bin/python" -c "
import boto3, botocore, sys
sys.exit((boto3.__version__, botocore.__version__) != ('$boto3_version', '$botocore_version'))
" 2>/dev/null
}

if ! has_boto3; then
    echo "run.sh: preparing $venv with boto3==$boto3_version botocore==$botocore_version" >&2
    [[ -x "$venv/bin/python" ]] || "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "boto3==$boto3_version" "botocore==$botocore_version"
    has_boto3
fi

# Build the binary and find it where cargo put it (honours CARGO_TARGET_DIR), unless
# CASES_MOCK_BIN names one already built (CI reuses the one `cargo test` built).
bin="${CASES_MOCK_BIN:-}"
[[ -n "$bin" && -x "$bin" ]] || bin="$(
    cd "$root" &&
        cargo build -p cases-mock --bin cases-mock --message-format=json-render-diagnostics |
        "$venv/bin/python" -c '
import json, sys
exe = None
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "cases-mock" and msg.get("executable"):
        exe = msg["executable"]
if not exe:
    sys.exit("run.sh: cargo reported no cases-mock executable")
print(exe)
'
)"

tmp="$(mktemp -d)"
mock_pid=""
cleanup() {
    if [[ -n "$mock_pid" ]]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

key_id="AKIDBOTO3MOCK"
secret="boto3/dummy/secret"
"$bin" --port 0 --host 127.0.0.1 --region us-east-1 --release "$release" \
    --sigv4-access-key-id "$key_id" --sigv4-secret-access-key "$secret" \
    >"$tmp/stdout" 2>"$tmp/stderr" &
mock_pid=$!

line=""
for _ in $(seq 1 300); do
    line="$(head -n 1 "$tmp/stdout" 2>/dev/null || true)"
    [[ "$line" == "listening on http://"* ]] && break
    if ! kill -0 "$mock_pid" 2>/dev/null; then
        echo "run.sh: cases-mock exited before listening:" >&2
        cat "$tmp/stderr" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ "$line" != "listening on http://"* ]]; then
    echo "run.sh: cases-mock did not report its address in 30 s" >&2
    exit 1
fi
url="${line#listening on }"
echo "run.sh: cases-mock (release $release) at $url; boto3 $boto3_version, botocore $botocore_version from $venv" >&2

env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN \
    AWS_ACCESS_KEY_ID="$key_id" AWS_SECRET_ACCESS_KEY="$secret" AWS_DEFAULT_REGION=us-east-1 \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
    CASES_MOCK_SIGV4=1 \
    "$venv/bin/python" "$script" "$url"
