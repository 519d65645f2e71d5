#!/usr/bin/env bash
# book-pool.sh ROUNDS BUILD...: the 5,000 x 5,000 book through each build's wf-gates command (its npm bin link,
# BUILD/node_modules/.bin/wf-gates, as a user runs it) (config /tmp/huge-cfg.yaml, see
# ../2026-12-02-real-book-session7/book.sh), builds side by side in each round: a cold run (fresh cache), a warm run
# (panel cached), and a warm run with --workers 1 (the pool's one-worker case on the same run). Peak RSS of all node
# processes together is sampled every 0.5 s. Appends to WORK/book-pool-times.txt (default WORK=/tmp/b14) and compares
# every protocol file with the first build's cold run.
set -u
ROUNDS=$1; shift
WORK=${WORK:-/tmp/b14}
mkdir -p "$WORK" && cd "$WORK" || exit 1
OUT=book-pool-times.txt
run() { # run BUILD TAG KIND OUTDIR [flags...]
  local build=$1 tag=$2 kind=$3 out=$4; shift 4
  rm -rf "$out" "rss-$tag-$kind.log"
  "$build/node_modules/.bin/wf-gates" --config /tmp/huge-cfg.yaml --cache-dir "cache-$tag" --out "$out" "$@" > /dev/null 2> "err-$tag-$kind.log" &
  local pid=$! start end
  start=$(date +%s.%N)
  while kill -0 $pid 2>/dev/null; do echo "$(date +%s.%N) $(ps -C node -o rss= | awk '{s+=$1} END {print s}')" >> "rss-$tag-$kind.log"; sleep 0.5; done
  wait $pid; local rc=$?
  end=$(date +%s.%N)
  echo "$tag $kind exit $rc wall $(echo "$end - $start" | bc) s peak_total_rss_kb $(sort -k2 -n "rss-$tag-$kind.log" | tail -1 | cut -d' ' -f2)" >> $OUT
  cp "$out/telemetry.md" "telemetry-$tag-$kind.md" 2>/dev/null
  for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv; do
    [ -f "out-b1-cold/$f" ] && { cmp -s "out-b1-cold/$f" "$out/$f" || echo "DIFF $tag $kind $f" >> $OUT; }
  done
}
for i in $(seq 1 "$ROUNDS"); do
  n=0
  for B in "$@"; do
    n=$((n + 1))
    rm -rf "cache-b$n"
    run "$B" "b$n" cold "out-b$n-cold"
    run "$B" "b$n" warm "out-b$n-warm"
    run "$B" "b$n" warm-w1 "out-b$n-warm-w1" --workers 1
  done
done
