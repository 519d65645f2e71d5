#!/usr/bin/env node
/**
 * wf-optimize: search a factor's parameter space on one segment and stream every
 * candidate's result to <out>/results.ndjson (checkpoint.json, top.json, artifacts/ beside it).
 * Thin CLI over `runOptimization` from @wf/optimizer (flags and output in optimizer/runOptimizeCommand.ts).
 * Exit codes: 0 done; 2 bad flag, bad config or space, non-empty --out without --resume/--force, or a failure.
 */
import { optimizeParser, runOptimizeCommand } from './optimizer/runOptimizeCommand.js';
import { runCli } from './runCli.js';

runCli('wf-optimize', async () => {
  const argv = await optimizeParser('wf-optimize', '$0 --factor ID --out DIR [options]\n\nSearch a factor\'s parameter space on one segment; results stream to DIR/results.ndjson.').parseAsync();
  return runOptimizeCommand(argv);
});
