#!/usr/bin/env bash
# sp500-three.sh ROUNDS BUILD...: for each round, a cold then a warm wf-gates run of
# ../shared/configs/sp500-nightly.yaml with each build in turn (side by side in one run), the
# times appended to times.txt, and each build's protocol files compared with the first build's.
# RUNNER and GATES (default `node` and scripts/bundle/run-production-gates.js) say how a build's
# wf-gates is started: $RUNNER "$BUILD/$GATES" (RUNNER empty: GATES is executed itself).
set -u
ROUNDS=$1; shift
WORK=${WORK:-/tmp/b14}
CFG=${CFG:-/work/shared/configs/sp500-nightly.yaml}
OUT=${OUT:-$(pwd)/times.txt}
RUNNER=${RUNNER-node}
GATES=${GATES:-scripts/bundle/run-production-gates.js}
cd "$WORK" || exit 1
for i in $(seq 1 "$ROUNDS"); do
  n=0
  for B in "$@"; do
    n=$((n + 1))
    rm -rf "s3-c-$n" "s3-o-$n-cold" "s3-o-$n-warm"
    /usr/bin/time -f "build$n cold %e s %U u %S sys %M KB" -a -o "$OUT" $RUNNER "$B/$GATES" --config "$CFG" --cache-dir "s3-c-$n" --out "s3-o-$n-cold" > /dev/null 2> "s3-err-$n.txt"
    /usr/bin/time -f "build$n warm %e s %U u %S sys %M KB" -a -o "$OUT" $RUNNER "$B/$GATES" --config "$CFG" --cache-dir "s3-c-$n" --out "s3-o-$n-warm" > /dev/null 2>> "s3-err-$n.txt"
    for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv; do
      cmp -s "s3-o-1-cold/$f" "s3-o-$n-cold/$f" || echo "DIFF build$n cold $f" >> "$OUT"
      cmp -s "s3-o-1-cold/$f" "s3-o-$n-warm/$f" || echo "DIFF build$n warm $f" >> "$OUT"
    done
  done
done
grep -v "exited with non-zero status 1" "$OUT" | awk '/ (cold|warm) /{k=$1" "$2; s[k]+=$3; c[k]++} /DIFF/{print} END{for(k in s) printf "%s mean %.2f s over %d\n", k, s[k]/c[k], c[k]}' | sort
