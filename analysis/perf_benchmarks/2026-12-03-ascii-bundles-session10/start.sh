#!/usr/bin/env bash
# start.sh ROUNDS BEFORE AFTER: wf-gates start-up and the S&P nightly, two builds side by side.
# BEFORE and AFTER are folders holding scripts/bundle/ and tools/runWithCodeCache.cjs of a build
# (inside the repository, so node_modules resolves). Each round, alternating builds: 10 runs of
# `wf-gates --version`, then a cold (empty cache) and a warm (panel cached) run of
# ../shared/configs/sp500-nightly.yaml, every protocol file compared with the first run by cmp.
# Shards and commands get the same GLIBC_TUNABLES as the npm bins give them.
set -u
ROUNDS=$1; BEFORE=$2; AFTER=$3
WORK=${WORK:-/tmp/ascii-bench}; OUT=${OUT:-$WORK/times.txt}
CONFIG=$(cd "$(dirname "$0")/../../.." && pwd)/../shared/configs/sp500-nightly.yaml
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
mkdir -p "$WORK"
for B in "$BEFORE" "$AFTER"; do node "$B/scripts/bundle/run-production-gates.js" --version > /dev/null; done  # code caches written
for i in $(seq 1 "$ROUNDS"); do
  n=0
  for B in "$BEFORE" "$AFTER"; do
    n=$((n + 1))
    for k in $(seq 1 10); do /usr/bin/time -f "build$n version wall %e s" -a -o "$OUT" node "$B/scripts/bundle/run-production-gates.js" --version > /dev/null; done
    rm -rf "$WORK/cache-$n" "$WORK/cold-$n" "$WORK/warm-$n"
    /usr/bin/time -f "build$n cold wall %e s user %U s sys %S s" -a -o "$OUT" node "$B/scripts/bundle/run-production-gates.js" --config "$CONFIG" --out "$WORK/cold-$n" --cache-dir "$WORK/cache-$n" --log-level warn > /dev/null
    /usr/bin/time -f "build$n warm wall %e s user %U s sys %S s" -a -o "$OUT" node "$B/scripts/bundle/run-production-gates.js" --config "$CONFIG" --out "$WORK/warm-$n" --cache-dir "$WORK/cache-$n" --log-level warn > /dev/null
    [ -d "$WORK/first" ] || cp -r "$WORK/cold-$n" "$WORK/first"
    for run in cold warm; do
      for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv; do
        cmp -s "$WORK/first/$f" "$WORK/$run-$n/$f" || echo "DIFF build$n $run $f" >> "$OUT"
      done
    done
  done
done
for n in 1 2; do
  for kind in version cold warm; do
    grep "^build$n $kind " "$OUT" | awk -v n=$n -v k=$kind '{ s += $4; c++ } END { if (c) printf "build%s %-7s mean %.3f s over %d runs\n", n, k, s / c, c }'
  done
done
