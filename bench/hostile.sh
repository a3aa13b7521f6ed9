#!/usr/bin/env bash
# Whole runs of the release harness, with its DEFAULT flags, against a target whose
# SearchRelatedItems misbehaves (harness/examples/hostile_target.rs; every other operation is
# the reference mock), each under GNU time: wall time, peak memory, exit code and the checks
# that failed on SearchRelatedItems. The README's robustness table is this script's output.
# Installs GNU time from Debian if it is missing.
#
#   bash bench/hostile.sh [BEHAVIOUR ...]        (default: every behaviour)
#   HARNESS_ARGS="--cases 2500" bash bench/hostile.sh every-page-huge
#
# HARNESS_ARGS is added to `harness run` (empty by default: the defaults are what is measured).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /usr/bin/time ]] || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}
cargo build --release -q -p harness --bin harness --example hostile_target
target_dir="${CARGO_TARGET_DIR:-target}"
bin="$target_dir/release/harness"
hostile="$target_dir/release/examples/hostile_target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if (($#)); then behaviours=("$@"); else mapfile -t behaviours < <("$hostile" --list); fi

echo "| behaviour | wall time | peak memory | exit | failed on SearchRelatedItems | not run |"
echo "| --- | --- | --- | --- | --- | --- |"
for behaviour in "${behaviours[@]}"; do
    fifo="$work/$behaviour.stdin"
    mkfifo "$fifo"
    # The target serves until its stdin (this fifo, held open by fd 9) closes.
    "$hostile" "$behaviour" <"$fifo" >"$work/$behaviour.url" 2>"$work/$behaviour.target.log" &
    target_pid=$!
    exec 9>"$fifo"
    for _ in $(seq 100); do [[ -s "$work/$behaviour.url" ]] && break; sleep 0.1; done
    url="$(head -n1 "$work/$behaviour.url")"
    out="$work/$behaviour.reports"
    set +e
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$work/$behaviour.time" "$bin" run --target "$url" --quiet --out "$out" \
        ${HARNESS_ARGS:-} >/dev/null 2>"$work/$behaviour.log"
    code=$?
    set -e
    exec 9>&-
    wait "$target_pid" 2>/dev/null || true
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$behaviour.time")"
    peak_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$behaviour.time")"
    summary="$(python3 - "$out/report.json" <<'EOF'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except OSError:
    print("(no report) | ")
    sys.exit()
failed = sorted({c["check"] for c in report["checks"]
                 if c.get("operation") == "SearchRelatedItems" and c["status"] == "fail"})
not_run = "; ".join(f'{n["operation"]}: {n["requests"]} requests' for n in report["meta"].get("not_run", []))
incomplete = report["meta"].get("incomplete")
if incomplete:
    not_run = (not_run + "; " if not_run else "") + "INCOMPLETE: " + incomplete
print(", ".join(f"`{c}`" for c in failed) + " | " + (not_run or "—"))
EOF
)"
    printf '| `%s` | %s | %s MiB | %s | %s |\n' "$behaviour" "$wall" "$((peak_kb / 1024))" "$code" "$summary"
done
