# usage: pair.sh CONFIG LABEL N EXTRA...  -> alternating before/after cold and warm runs of wf-gates
CFG=$1; LABEL=$2; N=$3; shift 3
cd /tmp/b14
for i in $(seq 1 $N); do
  for side in before after; do
    if [ $side = before ]; then G=$BEFORE/scripts/bundle/run-production-gates.js; else G=$AFTER/scripts/bundle/run-production-gates.js; fi
    rm -rf c-$side o-$side-cold o-$side-warm
    /usr/bin/time -f "$LABEL $side cold %e s %U u %S sys %M KB" -a -o times.txt node $G --config $CFG --cache-dir c-$side --out o-$side-cold "$@" >/dev/null 2>err-$side.txt
    /usr/bin/time -f "$LABEL $side warm %e s %U u %S sys %M KB" -a -o times.txt node $G --config $CFG --cache-dir c-$side --out o-$side-warm "$@" >/dev/null 2>>err-$side.txt
  done
  for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv gate_report.json; do cmp -s o-before-cold/$f o-after-cold/$f || echo "DIFF $f" >> times.txt; cmp -s o-after-cold/$f o-after-warm/$f || echo "DIFF warm $f" >> times.txt; done
done
