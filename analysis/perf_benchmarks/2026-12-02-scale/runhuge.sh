# runhuge.sh SIDE(before|after) TAG EXTRA... : cold wf-gates on the 5000x5000 folder, peak RSS of all node processes sampled every 0.5 s
SIDE=$1; TAG=$2; shift 2
if [ $SIDE = before ]; then G=$BEFORE/scripts/bundle/run-production-gates.js; else G=$AFTER/scripts/bundle/run-production-gates.js; fi
cd /tmp/b14; rm -rf hc-$TAG ho-$TAG rss-$TAG.log
node $G --config /tmp/huge-cfg.yaml --cache-dir hc-$TAG --out ho-$TAG "$@" > /dev/null 2> huge-$TAG.err &
PID=$!
START=$(date +%s.%N)
while kill -0 $PID 2>/dev/null; do echo "$(date +%s.%N) $(ps -C node -o rss= | awk "{s+=\$1} END {print s}") $(ps -C node -o pid=,rss= | tr "\n" " ")" >> rss-$TAG.log; sleep 0.5; done
END=$(date +%s.%N)
echo "$TAG wall $(echo "$END - $START" | bc) s peak_total_rss_kb $(sort -k2 -n rss-$TAG.log | tail -1 | cut -d' ' -f2)" >> huge-times.txt
