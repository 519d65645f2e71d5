/** A protocol output of a scenario and how it is compared with the other scenarios of its group. */
export type OutputCheck = {
  /** Path relative to the scenario's output folder. */
  readonly file: string;
  /**
   * JSON keys removed (at any depth; NDJSON line by line) before the comparison digest:
   * empty = the bytes themselves. Used only where the protocol lets two modes differ
   * (e.g. the artifact policy named in top.json), with `why` saying so.
   */
  readonly ignoreKeys: readonly string[];
  readonly why?: string;
};

/** What one measured run of a scenario executes. */
export type ScenarioRunPlan = {
  /** Node scripts with their arguments, started together as concurrent child processes. */
  readonly processes: readonly (readonly string[])[];
  /** Shard output folders merged (mergeShardOutputs) into `outputDir` after the processes end; null = none. */
  readonly mergeShards: readonly string[] | null;
  /** Where the outputs of `OutputCheck.file` are. */
  readonly outputDir: string;
  /** Folders whose files are all digested and reported (not compared), e.g. artifacts. */
  readonly recordedDirs: readonly string[];
  /** Exit codes that mean success (default [0]; wf-gates also exits 1 when a gate fails). */
  readonly okExitCodes?: readonly number[];
  /** Run before the processes start, outside the measured time (e.g. restoring last night's cache). */
  readonly prepare?: () => void;
};

/**
 * One benchmark scenario: a way of producing the same protocol outputs. Scenarios of a
 * group must agree on every output (after `ignoreKeys`); the group's baseline (the old or
 * simplest mode) is what speed-ups are measured against.
 */
export type BenchScenario = {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly baseline: boolean;
  readonly outputs: readonly OutputCheck[];
  /**
   * The processes of one run. `runDir` is emptied before every run (outputs go there);
   * `stateDir` persists across the scenario's runs (caches warmed by the warm-up run).
   */
  plan(dirs: { readonly runDir: string; readonly stateDir: string }): ScenarioRunPlan;
};
