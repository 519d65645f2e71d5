import { BacktestEngine } from '@wf/engine';
import type { ListedLives, MarketContext, SignalCache, UnitTexts, WalkForwardConfig } from '@wf/engine';
import { formatUnitRows } from '../output/formatUnitRows.js';
import type { WalkForwardWindow } from '../windows/planWindows.js';
import { runUnit } from './runUnit.js';
import type { PlannedFactor } from './runUnit.js';

export type FactorUnitComputerOptions = {
  readonly context: () => MarketContext;
  readonly planned: PlannedFactor;
  readonly config: WalkForwardConfig;
  readonly lives: ListedLives;
  readonly signalCache: SignalCache | null;
  /**
   * The first calendar position the engine ranks and simulates from: the train start of the
   * factor's first window to compute, or 1 (the whole calendar) when that is its first window.
   */
  readonly firstDay: number;
};

/**
 * The units of one factor that a run computes (not replayed from the window cache), in window
 * order, on one BacktestEngine built at the first of them and reused across its windows (its
 * memoized daily tables serve every later window). The same on the run's thread
 * and on a pool worker, so both write the same bytes.
 */
export class FactorUnitComputer {
  private readonly options: FactorUnitComputerOptions;
  private engine: BacktestEngine | null = null;

  constructor(options: FactorUnitComputerOptions) {
    this.options = options;
  }

  /** The protocol rows of window `win` (PROTOCOL section 9), as each file's CSV text. */
  compute(win: WalkForwardWindow): UnitTexts {
    const { planned, config, lives } = this.options;
    const context = this.options.context();
    if (this.engine === null) {
      this.engine = new BacktestEngine({
        context,
        factor: planned.factor,
        portfolio: config.portfolio,
        signalCache: this.options.signalCache,
        // One portfolio shape: each candidate's daily table (memoized, a few columns per date)
        // serves every window, and its score matrix is dropped once the table is built.
        memoizeSignals: false,
        maxMemoizedTables: Math.max(256, planned.candidates.length),
        firstDay: this.options.firstDay,
      });
    } else {
      this.engine.clearWindowState();
    }
    return formatUnitRows(context.panel, runUnit({ engine: this.engine, context, planned, window: win, config, lives }));
  }

  /** Signals computed by factor kernels so far (0 before the first unit). */
  signalsComputed(): number {
    return this.engine?.stats().computed ?? 0;
  }
}
