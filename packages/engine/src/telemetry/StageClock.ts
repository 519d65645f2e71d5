/** Milliseconds per stage name, in the order stages were first seen. */
export type StageTimes = Record<string, number>;

/**
 * Accumulates the time spent per named stage (telemetry only). `time` runs a function and adds
 * its duration; `add` adds a duration measured elsewhere (another thread's totals).
 */
export class StageClock {
  private readonly totals = new Map<string, number>();
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  add(stage: string, ms: number): void {
    this.totals.set(stage, (this.totals.get(stage) ?? 0) + ms);
  }

  /** Adds every stage of `times`. */
  addAll(times: StageTimes): void {
    for (const [stage, ms] of Object.entries(times)) this.add(stage, ms);
  }

  time<T>(stage: string, run: () => T): T {
    const started = this.now();
    try {
      return run();
    } finally {
      this.add(stage, this.now() - started);
    }
  }

  async timeAsync<T>(stage: string, run: () => Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await run();
    } finally {
      this.add(stage, this.now() - started);
    }
  }

  total(): number {
    let sum = 0;
    for (const ms of this.totals.values()) sum += ms;
    return sum;
  }

  /** The totals so far, in whole milliseconds. */
  snapshot(): StageTimes {
    const out: StageTimes = {};
    for (const [stage, ms] of this.totals) out[stage] = Math.round(ms);
    return out;
  }
}
