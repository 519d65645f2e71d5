#!/usr/bin/env bash
# pool.sh BUILD TAG PAIRS: wf-walk-forward alone on the book's warm cache (WORK/cache-TAG from book.sh), --workers 1 and 2 alternating.
set -u
BUILD=$1; TAG=$2; PAIRS=$3
WORK=${WORK:-/tmp/b14}
cd "$WORK" || exit 1
for i in $(seq 1 "$PAIRS"); do
  for w in 1 2; do
    rm -rf "wf-$TAG-w$w"
    /usr/bin/time -f "$TAG workers $w wall %e s user %U s peak_rss %M KB" -a -o pool-times.txt node "$BUILD/scripts/bundle/run-walk-forward.js" --config /tmp/huge-cfg.yaml --out "wf-$TAG-w$w" --cache-dir "cache-$TAG" --workers $w > /dev/null 2>> "pool-$TAG.err"
  done
  for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv; do cmp -s "wf-$TAG-w1/$f" "wf-$TAG-w2/$f" || echo "DIFF $TAG $f" >> pool-times.txt; done
done
