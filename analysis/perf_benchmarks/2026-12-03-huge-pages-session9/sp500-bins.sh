#!/usr/bin/env bash
# sp500-bins.sh ROUNDS BUILD...: ../2026-12-03-sp500-start-session8/sp500-three.sh with each build's wf-gates command
# (BUILD/node_modules/.bin/wf-gates, as a user runs it) instead of node on its bundle.
RUNNER= GATES=node_modules/.bin/wf-gates exec "$(dirname "$0")/../2026-12-03-sp500-start-session8/sp500-three.sh" "$@"
