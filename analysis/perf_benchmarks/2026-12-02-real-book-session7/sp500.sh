#!/usr/bin/env bash
# sp500.sh BEFORE AFTER PAIRS: alternating cold and warm wf-gates runs of ../shared/configs/sp500-nightly.yaml with two builds.
set -u
BEFORE=$1; AFTER=$2; PAIRS=$3
WORK=${WORK:-/tmp/b14}
CFG=${CFG:-/work/shared/configs/sp500-nightly.yaml}
cd "$WORK" || exit 1
for i in $(seq 1 "$PAIRS"); do
  for side in before after; do
    if [ $side = before ]; then B=$BEFORE; else B=$AFTER; fi
    rm -rf "sp-c-$side" "sp-o-$side-cold" "sp-o-$side-warm"
    /usr/bin/time -f "sp500 $side cold %e s %U u %S sys %M KB" -a -o sp500-times.txt node "$B/scripts/bundle/run-production-gates.js" --config "$CFG" --cache-dir "sp-c-$side" --out "sp-o-$side-cold" > /dev/null 2> "sp-err-$side.txt"
    /usr/bin/time -f "sp500 $side warm %e s %U u %S sys %M KB" -a -o sp500-times.txt node "$B/scripts/bundle/run-production-gates.js" --config "$CFG" --cache-dir "sp-c-$side" --out "sp-o-$side-warm" > /dev/null 2>> "sp-err-$side.txt"
  done
  for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv gate_report.json; do
    cmp -s "sp-o-before-cold/$f" "sp-o-after-cold/$f" || echo "DIFF $f" >> sp500-times.txt
    cmp -s "sp-o-after-cold/$f" "sp-o-after-warm/$f" || echo "DIFF warm $f" >> sp500-times.txt
  done
done
