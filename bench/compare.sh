#!/usr/bin/env bash
# Side-by-side speed of this harness, Schemathesis and a raw load generator against the same
# reference mock on loopback, with peak memory of each. Installs what it needs itself:
# Schemathesis from PyPI in a venv, wrk and GNU time from Debian.
#
#   bash bench/compare.sh [CASES_PER_OPERATION] [RAW_CASES_PER_OPERATION]   (defaults 1000, 10000)
#
# 1. harness vs Schemathesis: the same three core operations and the same number of generated
#    cases per operation (CASES_PER_OPERATION); cases/s of each, peak memory of each.
# 2. harness vs raw: the harness runs RAW_CASES_PER_OPERATION generated cases per operation;
#    wrk then replays exactly those requests (`harness bench --dump-requests`, bench/replay.lua)
#    against a fresh case of the same mock, with as many connections as the harness has requests
#    in flight. That is the loopback limit of the same work. wrk's rate for one fixed
#    CreateRelatedItem request (the cheapest answer the mock gives) is printed beside it.
#    Shared machines drift by ±15% from minute to minute, so this part runs BENCH_ROUNDS times
#    (default 3), harness and wrk back to back in each round, and prints each round and the
#    medians.
# 3. Before/after: BENCH_BASELINE=path/to/an/older/harness also runs that binary on a fresh case
#    in every round (before or after this one, alternately), against the same mock and the same
#    wrk replay, and prints its median beside this one's: a change's effect on the ratio,
#    measured minutes apart on one machine rather than across days.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000}"
raw_cases="${2:-10000}"
connections="${BENCH_CONNECTIONS:-64}"
rounds="${BENCH_ROUNDS:-3}"
work="$(mktemp -d)"
venv="${BENCH_VENV:-target/bench-venv}"
baseline="${BENCH_BASELINE:-}"

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

# Resources every tool targets: one domain and template, a fresh case per measurement.
domain=$(curl -s -X POST "$url/domains" -H 'content-type: application/json' -d '{"name":"bench"}' | sed 's/.*"domainId":"\([^"]*\)".*/\1/')
template=$(curl -s -X POST "$url/domains/$domain/templates" -H 'content-type: application/json' -d '{"name":"bench"}' | sed 's/.*"templateId":"\([^"]*\)".*/\1/')
new_case() {
    curl -s -X POST "$url/domains/$domain/cases" -H 'content-type: application/json' \
        -d "{\"templateId\":\"$template\",\"fields\":[{\"id\":\"title\",\"value\":{\"stringValue\":\"b\"}},{\"id\":\"customer_id\",\"value\":{\"stringValue\":\"c\"}}]}" |
        sed 's/.*"caseId":"\([^"]*\)".*/\1/'
}
case_id=$(new_case)
json_field() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# The harness's generated cases only, the same three operations: bench NAME CASES CASE_ID
# leaves NAME.json (cases, cases_per_second) and NAME.time (GNU time) in $work.
bench() {
    /usr/bin/time -v "${4:-$bin}" bench --target "$url" --cases "$2" --concurrency "$connections" \
        --domain-id "$domain" --template-id "$template" --case-id "$3" \
        >"$work/$1.json" 2>"$work/$1.time"
}

# 1. The harness on CASES_PER_OPERATION.
bench harness "$cases" "$case_id"
harness_rate=$(json_field "$work/harness.json" cases_per_second)
harness_cases=$(json_field "$work/harness.json" cases)
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

# 3. wrk's input: the requests of the harness's RAW_CASES run, addressed to one fresh case.
replay_case=$(new_case)
"$bin" bench --dump-requests "$work/requests.jsonl" --cases "$raw_cases" \
    --domain-id "$domain" --case-id "$replay_case" >/dev/null
python3 - "$work/requests.jsonl" "$work/requests.tsv" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        headers = ",".join(n.encode().hex() + "=" + v.encode().hex() for n, v in r["headers"])
        out.write("\t".join([r["method"], r["target"], headers, r["body_hex"] or "-"]) + "\n")
PY
replayed=$(wc -l <"$work/requests.tsv")
if [[ -n $baseline ]]; then
    "$baseline" bench --dump-requests "$work/baseline.jsonl" --cases "$raw_cases" \
        --domain-id "$domain" --case-id "$replay_case" >/dev/null
    cmp -s "$work/requests.jsonl" "$work/baseline.jsonl" ||
        echo "note: the baseline sends other requests than this harness; its ratio is of other work"
fi
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"Comment","content":{"comment":{"body":"b","contentType":"Text/Plain"}}}'
LUA

# 4. Rounds: the harness on RAW_CASES (a fresh case), wrk replaying exactly its requests (a
#    fresh case, so the mock holds the same data the harness met), wrk on one fixed
#    CreateRelatedItem (another fresh case). Each round appends "harness raw create" rates.
: >"$work/rounds"
# The baseline on RAW_CASES (a fresh case), when BENCH_BASELINE names one: sets base_rate.
baseline_raw() {
    bench baseline-raw "$raw_cases" "$(new_case)" "$baseline"
    base_rate=$(json_field "$work/baseline-raw.json" cases_per_second)
}
for round in $(seq "$rounds"); do
    base_rate=0
    # Odd rounds run the baseline first, even rounds this harness first.
    if [[ -n $baseline ]] && ((round % 2)); then baseline_raw; fi
    bench harness-raw "$raw_cases" "$(new_case)"
    run_rate=$(json_field "$work/harness-raw.json" cases_per_second)
    if [[ -n $baseline ]] && ! ((round % 2)); then baseline_raw; fi
    run_cases=$(json_field "$work/harness-raw.json" cases)
    run_mem=$(peak "$work/harness-raw.time")

    # The dump is addressed to $replay_case; a fresh copy of that case's state is what the
    # harness started from, so each replay gets a case of its own by rewriting the id.
    fresh=$(new_case)
    sed "s/$replay_case/$fresh/g" "$work/requests.tsv" >"$work/round.tsv"
    # wrk sleeps for all of -d even when the replay ends early; allow for 10,000 requests/s.
    /usr/bin/time -v wrk -t2 -c"$connections" -d$((replayed / 10000 + 5))s -s bench/replay.lua "$url" \
        -- "$work/round.tsv" 2 >"$work/replay.log" 2>"$work/replay.time"
    raw_rate=$(sed -n 's/^replayed-rate //p' "$work/replay.log")
    raw_mem=$(peak "$work/replay.time")

    wrk -t2 -c"$connections" -d5s -s "$work/post.lua" "$url/domains/$domain/cases/$(new_case)/related-items/" \
        >"$work/wrk.log"
    create_rate=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.log")
    echo "$run_rate $raw_rate $create_rate $run_mem ${raw_mem:-0} $base_rate" >>"$work/rounds"
done

python3 - "$work/rounds" <<PY
import statistics, sys
rounds = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
h, s = float("$harness_rate"), float("$st_rate")
run, raw, create = (statistics.median(column) for column in list(zip(*rounds))[:3])
# Peak memory: the largest of the rounds, not the last round's.
run_mem, raw_mem = (max(column) for column in list(zip(*rounds))[3:5])
print(f"machine: $(nproc) cores, $(date -u +%Y-%m-%d); $connections connections / requests in flight")
print(f"{'tool':<34}{'cases':>9}{'per second':>12}{'peak MiB':>10}")
print(f"{'harness':<34}{$harness_cases:>9}{h:>12.0f}{int('$harness_mem')/1024:>10.0f}")
print(f"{'schemathesis':<34}{$st_cases:>9}{s:>12.1f}{int('${st_mem:-0}')/1024:>10.0f}")
print(f"{'harness (median of rounds)':<34}{$run_cases:>9}{run:>12.0f}{run_mem/1024:>10.0f}")
print(f"{'wrk replaying the same requests':<34}{$replayed:>9}{raw:>12.0f}{raw_mem/1024:>10.0f}")
print(f"{'wrk, one CreateRelatedItem':<34}{'-':>9}{create:>12.0f}{'-':>10}")
for i, (r_run, r_raw, r_create, _, _, r_base) in enumerate(rounds, 1):
    base = f", baseline {r_base:.0f} ({100 * r_base / r_raw:.0f}%)" if r_base else ""
    print(f"round {i}: harness {r_run:.0f}, wrk same requests {r_raw:.0f} ({100 * r_run / r_raw:.0f}%), "
          f"wrk one CreateRelatedItem {r_create:.0f} ({100 * r_run / r_create:.0f}%){base}")
print(f"harness/schemathesis: {h / s if s else float('inf'):.0f}x")
same = statistics.median(r[0] / r[1] for r in rounds)
one = statistics.median(r[0] / r[2] for r in rounds)
print(f"harness/raw (same requests): {100 * same:.0f}%   harness/raw (one CreateRelatedItem): {100 * one:.0f}%   (medians of {len(rounds)} rounds)")
if rounds[0][5]:
    base = statistics.median(r[5] / r[1] for r in rounds)
    paired = statistics.median(r[0] / r[5] - 1 for r in rounds)
    print(f"baseline ($baseline)/raw (same requests): {100 * base:.0f}%   this harness against the baseline, median of the rounds: {100 * paired:+.0f}%")
PY
