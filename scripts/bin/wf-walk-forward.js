#!/bin/sh
':' //; case ":${GLIBC_TUNABLES-}:" in *:glibc.malloc.hugetlb=*) ;; *) GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"; export GLIBC_TUNABLES ;; esac; exec node "$0" "$@"
// Both a shell script and JavaScript. Run as a command (npm's bin link), the shell line above adds
// glibc.malloc.hugetlb=1 to GLIBC_TUNABLES (unless it sets that tunable already: =0 turns it off)
// and execs node on this same file, in the same process: glibc's malloc then backs the big typed
// arrays with transparent huge pages (see packages/gates/src/launch/hugePageMallocTunables.ts).
// To node, that line is a string and a comment. Runs the bundled CLI (npm run build first;
// tools/bundle-clis.mjs says why it is bundled).
import "../bundle/run-walk-forward.js";
