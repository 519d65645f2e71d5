#!/bin/sh
':' //; case ":${GLIBC_TUNABLES-}:" in *:glibc.malloc.hugetlb=*) ;; *) GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"; export GLIBC_TUNABLES ;; esac; exec node "$0" "$@"
// The shell-and-JavaScript launcher of wf-gates.js (see there): huge-page malloc, then the bundled CLI.
import "../bundle/run-worker.js";
