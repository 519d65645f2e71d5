#!/usr/bin/env node
// Runs the bundled CLI (npm run build first; tools/bundle-clis.mjs says why it is bundled).
import "../bundle/run-optimization.js";
