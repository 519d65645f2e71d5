#!/bin/bash
# Interleaved warm wf-gates runs on the S&P panel: before (main's bundle) vs after (this branch's bundle).
cd /work/wt-identity
P=/work/shared/data/sp500-5yr/prices
rm -rf /tmp/idb-m-*
run() { # label bundle cache out
  local s=$(date +%s.%N)
  node $2 --config manifests/sp500.yaml --prices $P --use-cache --cache-dir $3 --out $4 --log-level warn >/dev/null 2>&1
  local rc=$?
  local e=$(date +%s.%N)
  echo "$1 $(echo "$e - $s" | bc) rc=$rc"
}
run warmup-before /tmp/idb-before/scripts/bundle/run-production-gates.js /tmp/idb-m-cache-before /tmp/idb-m-w0b
run warmup-after scripts/bundle/run-production-gates.js /tmp/idb-m-cache-after /tmp/idb-m-w0a
for i in 1 2 3 4 5 6 7 8 9 10; do
  run before /tmp/idb-before/scripts/bundle/run-production-gates.js /tmp/idb-m-cache-before /tmp/idb-m-b$i
  run after scripts/bundle/run-production-gates.js /tmp/idb-m-cache-after /tmp/idb-m-a$i
done
for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv gate_report.csv gate_report.json gate_report.md; do cmp -s /tmp/idb-m-b1/$f /tmp/idb-m-a1/$f && echo "same $f" || echo "DIFF $f"; done
