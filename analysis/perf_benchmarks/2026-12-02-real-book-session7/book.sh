#!/usr/bin/env bash
# book.sh BUILD TAG [wf-gates flags...]: a cold then a warm wf-gates run of the 5,000 x 5,000 book (config /tmp/huge-cfg.yaml:
# ../shared/configs/sp500-nightly.yaml with data.prices pointed at `wf-make-sample-data --symbols 5000 --days 5000`), in WORK
# (default /tmp/b14). Peak RSS of all node processes together is sampled every 0.5 s. Appends to WORK/book-times.txt and keeps
# each run's telemetry.md.
set -u
BUILD=$1; TAG=$2; shift 2
EXTRA=("$@")
WORK=${WORK:-/tmp/b14}
mkdir -p "$WORK" && cd "$WORK" || exit 1
run() { # run KIND OUTDIR
  local kind=$1 out=$2
  rm -rf "$out" "rss-$TAG-$kind.log"
  node "$BUILD/scripts/bundle/run-production-gates.js" --config /tmp/huge-cfg.yaml --cache-dir "cache-$TAG" --out "$out" "${EXTRA[@]}" > /dev/null 2> "err-$TAG-$kind.log" &
  local pid=$! start end
  start=$(date +%s.%N)
  while kill -0 $pid 2>/dev/null; do echo "$(date +%s.%N) $(ps -C node -o rss= | awk '{s+=$1} END {print s}')" >> "rss-$TAG-$kind.log"; sleep 0.5; done
  wait $pid; local rc=$?
  end=$(date +%s.%N)
  echo "$TAG $kind exit $rc wall $(echo "$end - $start" | bc) s peak_total_rss_kb $(sort -k2 -n "rss-$TAG-$kind.log" | tail -1 | cut -d' ' -f2)" >> book-times.txt
  cp "$out/telemetry.md" "telemetry-$TAG-$kind.md" 2>/dev/null
}
rm -rf "cache-$TAG"
run cold "out-$TAG-cold"
run warm "out-$TAG-warm"
