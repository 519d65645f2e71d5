import { BacktestEngine } from '@wf/engine';
import type { ListedLives, MarketContext, SignalCache, StageClock, UnitTexts, WalkForwardConfig } from '@wf/engine';
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
  /**
   * This thread's stage times (telemetry): the engine's stages, `rows` (formatting the unit's
   * rows) and `selection` (the rest of a unit: selection, audits, gap counts).
   */
  readonly clock?: StageClock;
  /** Called after every engine stage: the thread is making progress (heartbeats between units). */
  readonly onProgress?: () => void;
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
    const { planned, config, lives, clock, onProgress } = this.options;
    const started = performance.now();
    const stagesBefore = clock?.total() ?? 0;
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
        ...(clock === undefined && onProgress === undefined
          ? {}
          : {
              onStage: (stage, ms) => {
                clock?.add(stage, ms);
                onProgress?.();
              },
            }),
      });
    } else {
      this.engine.clearWindowState();
    }
    const result = runUnit({ engine: this.engine, context, planned, window: win, config, lives });
    if (clock === undefined) return formatUnitRows(context.panel, result);
    const rowsStarted = performance.now();
    const texts = formatUnitRows(context.panel, result);
    const now = performance.now();
    clock.add('rows', now - rowsStarted);
    clock.add('selection', now - started - (clock.total() - stagesBefore));
    return texts;
  }

  /** Signals computed by factor kernels so far (0 before the first unit). */
  signalsComputed(): number {
    return this.engine?.stats().computed ?? 0;
  }
}
