cd /tmp/s6/art
for i in 1 2 3; do for side in before after; do
  if [ $side = before ]; then W=/work/wt-nightly-before; else W=/work/main; fi
  rm -rf o-$side
  /usr/bin/time -f "all $side %e s %U u" -a -o times.txt node $W/scripts/dist/run-optimization.js --config /work/shared/configs/sp500-nightly.yaml --factor reversal --space space.yaml --workers 2 --artifacts all --out o-$side --cache-dir c-$side --log-level info > /dev/null 2>err-$side.txt
  echo "all $side persistence $(grep '"msg":"heartbeat"' err-$side.txt | tail -1 | grep -o '"persistence":[0-9]*')" >> times.txt
done; done
diff -r o-before/artifacts o-after/artifacts > /dev/null && echo "artifacts identical" >> times.txt
cmp o-before/results.ndjson o-after/results.ndjson && echo "results identical" >> times.txt
echo done >> times.txt
