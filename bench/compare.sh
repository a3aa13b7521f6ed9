#!/usr/bin/env bash
# Side-by-side speed of this harness, Schemathesis and a raw load generator against the same
# reference mock on loopback, with peak memory of each. Installs what it needs itself:
# Schemathesis from PyPI in a venv, wrk and GNU time from Debian.
#
#   bash bench/compare.sh [CASES_PER_OPERATION]     (default 1000)
#
# Prints cases/s of the harness and of Schemathesis for the same three core operations and
# the same number of generated cases per operation, the raw request rate wrk reaches on the
# same mock and endpoint, and the ratios harness/Schemathesis and harness/raw.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000}"
work="$(mktemp -d)"
venv="${BENCH_VENV:-target/bench-venv}"

need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
[[ -x /usr/bin/time ]] || need_apt+=(time)
if ((${#need_apt[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
[[ -x "$venv/bin/st" ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==4.*"; }

cargo build --release -q -p harness
bin="${CARGO_TARGET_DIR:-target}/release/harness"

"$bin" serve --port 0 >"$work/serve.log" &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$work/serve.log")"
echo "mock: $url"

# Resources every tool targets: one domain, template and case.
domain=$(curl -s -X POST "$url/domains" -H 'content-type: application/json' -d '{"name":"bench"}' | sed 's/.*"domainId":"\([^"]*\)".*/\1/')
template=$(curl -s -X POST "$url/domains/$domain/templates" -H 'content-type: application/json' -d '{"name":"bench"}' | sed 's/.*"templateId":"\([^"]*\)".*/\1/')
case_id=$(curl -s -X POST "$url/domains/$domain/cases" -H 'content-type: application/json' \
    -d "{\"templateId\":\"$template\",\"fields\":[{\"id\":\"title\",\"value\":{\"stringValue\":\"b\"}},{\"id\":\"customer_id\",\"value\":{\"stringValue\":\"c\"}}]}" |
    sed 's/.*"caseId":"\([^"]*\)".*/\1/')

peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# 1. The harness: generated cases only, the same three operations.
/usr/bin/time -v "$bin" bench --target "$url" --cases "$cases" --domain-id "$domain" --case-id "$case_id" \
    >"$work/harness.json" 2>"$work/harness.time"
harness_rate=$(python3 -c "import json;print(json.load(open('$work/harness.json'))['cases_per_second'])")
harness_cases=$(python3 -c "import json;print(json.load(open('$work/harness.json'))['cases'])")
harness_mem=$(peak "$work/harness.time")

# 2. Schemathesis on the exported OpenAPI document, same operations, same cases per operation.
"$bin" openapi >"$work/openapi.json"
python3 - "$work/openapi.json" "$domain" "$case_id" <<'PY'
import json, sys
path, domain, case = sys.argv[1:]
doc = json.load(open(path))
for item in doc["paths"].values():
    for op in item.values():
        for p in op.get("parameters", []):
            if p["name"] == "domainId": p["schema"] = {"const": domain}
            if p["name"] == "caseId": p["schema"] = {"const": case}
json.dump(doc, open(path, "w"))
PY
start=$(date +%s.%N)
/usr/bin/time -v "$venv/bin/st" run "$work/openapi.json" --url "$url" --max-examples "$cases" \
    --phases fuzzing --checks not_a_server_error >"$work/st.log" 2>"$work/st.time" || true
end=$(date +%s.%N)
st_cases=$(grep -oE '[0-9]+ generated' "$work/st.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
st_rate=$(python3 -c "print(round($st_cases / ($end - $start), 1))")
st_mem=$(peak "$work/st.time")

# 3. The raw loopback rate of the same mock on the same endpoint (CreateRelatedItem).
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"Comment","content":{"comment":{"body":"b","contentType":"Text/Plain"}}}'
LUA
/usr/bin/time -v wrk -t2 -c32 -d5s -s "$work/post.lua" "$url/domains/$domain/cases/$case_id/related-items/" \
    >"$work/wrk.log" 2>"$work/wrk.time"
raw_rate=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.log")
raw_mem=$(peak "$work/wrk.time")

python3 - <<PY
h, s, r = float("$harness_rate"), float("$st_rate"), float("$raw_rate")
print(f"machine: $(nproc) cores, $(date -u +%Y-%m-%d)")
print(f"{'tool':<14}{'cases':>9}{'per second':>14}{'peak MiB':>10}")
print(f"{'harness':<14}{$harness_cases:>9}{h:>14.0f}{int('$harness_mem')/1024:>10.0f}")
print(f"{'schemathesis':<14}{$st_cases:>9}{s:>14.1f}{int('${st_mem:-0}')/1024:>10.0f}")
print(f"{'wrk (raw)':<14}{'-':>9}{r:>14.0f}{int('${raw_mem:-0}')/1024:>10.0f}")
print(f"harness/schemathesis: {h / s if s else float('inf'):.0f}x   harness/raw: {100 * h / r:.0f}%")
PY
