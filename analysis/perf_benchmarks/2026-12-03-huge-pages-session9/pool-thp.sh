#!/usr/bin/env bash
# pool-thp.sh BUILD PAIRS: wf-walk-forward alone on the book's warm cache (WORK/cache-b2 from book-pool.sh), --workers 1
# and 2 alternating, each with and without GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (what wf-gates gives its shards).
# Appends to WORK/pool-thp-times.txt and compares the protocol files of every run with the first.
set -u
BUILD=$1; PAIRS=$2
WORK=${WORK:-/tmp/b14}
cd "$WORK" || exit 1
for i in $(seq 1 "$PAIRS"); do
  for mode in plain thp; do
    for w in 1 2; do
      rm -rf "wfp-$mode-w$w"
      if [ "$mode" = thp ]; then export GLIBC_TUNABLES=glibc.malloc.hugetlb=1; else unset GLIBC_TUNABLES; fi
      /usr/bin/time -f "$mode workers $w wall %e s user %U s sys %S s minflt %R peak_rss %M KB" -a -o pool-thp-times.txt node "$BUILD/scripts/bundle/run-walk-forward.js" --config /tmp/huge-cfg.yaml --out "wfp-$mode-w$w" --cache-dir cache-b2 --workers $w > /dev/null 2>> pool-thp.err
      unset GLIBC_TUNABLES
      [ -d wfp-first ] || cp -r "wfp-$mode-w$w" wfp-first
      for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv; do cmp -s "wfp-first/$f" "wfp-$mode-w$w/$f" || echo "DIFF $mode w$w $f" >> pool-thp-times.txt; done
    done
  done
done
