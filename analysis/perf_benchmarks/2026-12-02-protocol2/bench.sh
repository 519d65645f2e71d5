#!/usr/bin/env bash
# Protocol 2 overhead on the S&P nightly: main 73c6dcd (protocol 1) vs this branch, alternating.
# Usage: bench.sh BEFORE_WORKTREE AFTER_WORKTREE REPS OUT_CSV
set -euo pipefail
before=$1 after=$2 reps=$3 out=$4
config=/work/shared/configs/sp500-nightly.yaml
scratch=$(mktemp -d /tmp/p2-bench.XXXX)
echo "rep,variant,wall_s,user_s,sys_s,shards_ms,merge_ms,reports_ms" > "$out"
run() { # variant worktree rep
  local dir="$scratch/$1-$3"
  /usr/bin/time -f '%e %U %S' -o "$scratch/time" node "$2/scripts/bundle/run-production-gates.js" \
    --config "$config" --out "$dir" --cache-dir "$scratch/cache-$1" --log-level warn > /dev/null || [ $? -eq 1 ]
  read -r wall user sys < <(tail -n 1 "$scratch/time")
  local t; t=$(node -e 'const m=require(process.argv[1]);const t=m.invocations.at(-1).timings;console.log([t.shardsMs,t.mergeMs,t.reportsMs].join(","))' "$dir/manifest.json")
  echo "$3,$1,$wall,$user,$sys,$t" >> "$out"
  rm -rf "$dir"
}
# Warm each variant's panel and universe caches once (not measured).
run before "$before" warmup; run after "$after" warmup
sed -i '/warmup/d' "$out"
for rep in $(seq 1 "$reps"); do
  if (( rep % 2 )); then run before "$before" "$rep"; run after "$after" "$rep"; else run after "$after" "$rep"; run before "$before" "$rep"; fi
done
rm -rf "$scratch"
