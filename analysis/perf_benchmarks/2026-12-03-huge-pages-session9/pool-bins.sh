#!/usr/bin/env bash
# pool-bins.sh PAIRS BUILD...: wf-walk-forward alone on the book's warm cache (WORK/cache-b<n> from book-pool.sh: one per
# build, as a build's panel entry is keyed by its engine code, and two entries exceed the cache's 2 GB) through
# each build's command (BUILD/node_modules/.bin/wf-walk-forward, as a user runs it), --workers 1 then 2, builds side by
# side in each pair. Appends to WORK/pool-bins-times.txt and compares the protocol files of every run with the first.
set -u
PAIRS=$1; shift
WORK=${WORK:-/tmp/b14}
cd "$WORK" || exit 1
# Untimed: fills each build's panel entry, so that every timed run reads the panel from the cache.
n=0
for B in "$@"; do n=$((n + 1)); rm -rf wfb-warmup; "$B/node_modules/.bin/wf-walk-forward" --config /tmp/huge-cfg.yaml --out wfb-warmup --cache-dir "cache-b$n" --workers 2 > /dev/null 2>> pool-bins.err; done
for i in $(seq 1 "$PAIRS"); do
  n=0
  for B in "$@"; do
    n=$((n + 1))
    for w in 1 2; do
      rm -rf "wfb-$n-w$w"
      /usr/bin/time -f "build$n workers $w wall %e s user %U s sys %S s minflt %R peak_rss %M KB" -a -o pool-bins-times.txt "$B/node_modules/.bin/wf-walk-forward" --config /tmp/huge-cfg.yaml --out "wfb-$n-w$w" --cache-dir "cache-b$n" --workers $w > /dev/null 2>> pool-bins.err
      [ -d wfb-first ] || cp -r "wfb-$n-w$w" wfb-first
      for f in walk_forward_summary.csv universe_audit.csv oos_daily.csv candidates.csv oos_gaps.csv; do cmp -s "wfb-first/$f" "wfb-$n-w$w/$f" || echo "DIFF build$n w$w $f" >> pool-bins-times.txt; done
    done
  done
done
