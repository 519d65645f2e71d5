# warmhuge.sh SIDE TAG : a second run on the cache of hc-TAG (binary panel cached)
SIDE=$1; TAG=$2
if [ $SIDE = before ]; then G=$BEFORE/scripts/bundle/run-production-gates.js; else G=$AFTER/scripts/bundle/run-production-gates.js; fi
cd /tmp/b14; rm -rf howarm-$TAG rsswarm-$TAG.log
node $G --config /tmp/huge-cfg.yaml --cache-dir hc-$TAG --out howarm-$TAG > /dev/null 2> hugewarm-$TAG.err &
PID=$!
START=$(date +%s.%N)
while kill -0 $PID 2>/dev/null; do echo "$(date +%s.%N) $(ps -C node -o rss= | awk "{s+=\$1} END {print s}") $(ps -C node -o pid=,rss= | tr "\n" " ")" >> rsswarm-$TAG.log; sleep 0.5; done
END=$(date +%s.%N)
echo "$TAG warm wall $(echo "$END - $START" | bc) s peak_total_rss_kb $(sort -k2 -n rsswarm-$TAG.log | tail -1 | cut -d' ' -f2)" >> huge-times.txt
