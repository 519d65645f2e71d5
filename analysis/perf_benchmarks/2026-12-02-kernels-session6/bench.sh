# usage: bench.sh N -> alternating before/after: S&P wf-gates cold (fresh cache), big wf-walk-forward warm (--workers 1 and 2)
N=$1; cd /tmp/s6
for i in $(seq 1 $N); do
  for side in before after; do
    if [ $side = before ]; then W=/work/wt-nightly-before; else W=/work/main; fi
    rm -rf bc-$side bo-$side; mkdir -p bo-$side
    /usr/bin/time -f "sp-cold $side %e s %U u %M KB" -a -o bench.txt node $W/scripts/bundle/run-production-gates.js --config /work/shared/configs/sp500-nightly.yaml --cache-dir bc-$side --out bo-$side/run >/dev/null 2>/dev/null
    for w in 1 2; do
      rm -rf /tmp/big/bw-$side
      /usr/bin/time -f "big-warm-w$w $side %e s %U u %M KB" -a -o bench.txt node $W/scripts/bundle/run-walk-forward.js --config /tmp/big/cfg.yaml --out /tmp/big/bw-$side --cache-dir /tmp/big/cache-$side --workers $w --log-level warn >/dev/null 2>/dev/null
    done
  done
  for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv gate_report.csv gate_report.json; do cmp -s bo-before/run/$f bo-after/run/$f || echo "DIFF sp $f" >> bench.txt; done
  for f in /tmp/big/bw-before/*.csv; do cmp -s $f /tmp/big/bw-after/$(basename $f) || echo "DIFF big $f" >> bench.txt; done
done
echo done >> bench.txt
