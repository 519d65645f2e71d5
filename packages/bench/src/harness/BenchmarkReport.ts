import type { MachineInfo } from '../measure/machineInfo.js';
import type { TimingSummary } from '../measure/summarizeTimings.js';

/** A protocol output of a scenario: raw digest, the digest it was compared by, and why keys were ignored. */
export type OutputDigest = {
  readonly file: string;
  readonly sha256: string;
  readonly comparedSha256: string;
  readonly ignoreKeys: readonly string[];
  readonly why: string | null;
};

/** Figures of one scenario over its measured runs (the warm-up run is not counted). */
export type ScenarioReport = {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly baseline: boolean;
  /** Wall time of each measured run, ms (spawn of the first process to the end of the merge). */
  readonly wallSamplesMs: readonly number[];
  readonly wall: TimingSummary;
  /** User + system CPU of all the run's processes, ms. */
  readonly cpu: TimingSummary;
  /** Largest single-process peak RSS (median and max over runs), MiB. */
  readonly peakRssMiB: { readonly median: number; readonly max: number };
  /** Sum of the processes' peaks (median over runs), MiB: an upper bound for concurrent processes. */
  readonly sumPeakRssMiB: number;
  readonly processes: number;
  /** The group's baseline scenario and its median wall time divided by this one's (null for the baseline itself or when absent). */
  readonly baselineId: string | null;
  readonly speedup: number | null;
  readonly outputs: readonly OutputDigest[];
  /** Other files digested for the record (not compared), e.g. artifacts. */
  readonly recorded: readonly { readonly file: string; readonly sha256: string }[];
  /** The first process's command line (scratch paths as they were). */
  readonly command: readonly string[];
};

/** A protocol output that differs where it must not. Any one fails the run. */
export type OutputDifference = {
  readonly kind: 'between-scenarios' | 'between-runs' | 'since-previous-report';
  readonly group: string;
  readonly file: string;
  /** The digests seen, per scenario (or per run / report). */
  readonly digests: readonly { readonly source: string; readonly comparedSha256: string }[];
  readonly message: string;
};

/** A scenario whose time moved beyond the spread of the runs against a previous report. */
export type TimingChange = {
  readonly id: string;
  readonly kind: 'regression' | 'improvement';
  readonly previous: TimingSummary;
  readonly current: TimingSummary;
  /** current median / previous median. */
  readonly ratio: number;
};

export type BenchmarkReport = {
  readonly format: 1;
  readonly label: string;
  readonly date: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly inputs: { readonly config: string; readonly configSha256: string; readonly prices: string | null };
  readonly settings: Readonly<Record<string, unknown>>;
  /** Measured runs per scenario, after one warm-up run. */
  readonly runs: number;
  readonly differences: readonly OutputDifference[];
  readonly scenarios: readonly ScenarioReport[];
  readonly comparedTo: string | null;
  readonly timingChanges: readonly TimingChange[];
};
