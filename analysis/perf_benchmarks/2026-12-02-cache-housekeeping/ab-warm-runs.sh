#!/bin/bash
# Usage: run from a folder holding the warm cache `cache/` (filled by one cold run of the same command).
# /tmp/cachehk-{base,new,nobump} each hold scripts/bundle/ and tools/runWithCodeCache.cjs: built from
# main, from this branch, and from this branch with `return;` as the first line of markCacheEntryUsed in both bundles.
# Alternating warm S&P runs on one warm cache, CPU of the run and its shards:
#   base    = main's bundle
#   nobump  = this branch with markCacheEntryUsed turned into a no-op, --cache-max-gb 0 (no prune)
#   bump    = this branch, --cache-max-gb 0 (bump only)
#   prune   = this branch, default --cache-max-gb 2 (bump + prune at the end)
cd "${1:-.}"
for i in 1 2 3 4 5 6 7 8; do
  for v in base nobump bump prune; do
    case $v in
      base) B=/tmp/cachehk-base; X=();;
      nobump) B=/tmp/cachehk-nobump; X=(--cache-max-gb 0);;
      bump) B=/tmp/cachehk-new; X=(--cache-max-gb 0);;
      prune) B=/tmp/cachehk-new; X=();;
    esac
    rm -rf o3-$v-$i
    /usr/bin/time -f "$v $i wall=%e user=%U sys=%S load=$(cut -d' ' -f1 /proc/loadavg)" -a -o ab3.txt node $B/scripts/bundle/run-production-gates.js --config /work/shared/configs/sp500-nightly.yaml --out o3-$v-$i --cache-dir cache --wf-shards 2 --max-parallel 2 --use-cache --log-level warn "${X[@]}" > /dev/null 2>&1
  done
done
