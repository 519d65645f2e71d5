import { computeDatePrefixFingerprints, datePrefixFingerprintHex, listedLives, sha256Hex, windowCacheKey } from '@wf/engine';
import type { ListedLives, Panel, WalkForwardConfig } from '@wf/engine';
import { PROTOCOL_FILES } from '../output/protocolFiles.js';
import type { WalkForwardWindow } from '../windows/planWindows.js';

export type WindowUnitKeysOptions = {
  readonly config: WalkForwardConfig;
  readonly panel: Panel;
  /** The run's code identity digest (CodeIdentity.sha256). */
  readonly codeIdentity: string;
  readonly windows: readonly WalkForwardWindow[];
  /** The panel's listed lives (listedLives), when the caller has them. */
  readonly lives?: ListedLives;
};

/** The window cache key of a (factor, window) unit; see {@link windowUnitKeys}. */
export type UnitKeyOf = (factor: { readonly id: string; readonly candidates: readonly string[] }, window: WalkForwardWindow) => string;

/**
 * The window cache keys of a run's units (DESIGN.md, "Per-window results are keyed by a data
 * prefix fingerprint"): what a unit's rows depend on, computed the same way by the shard that
 * replays or stores the unit and by the orchestrator that asks whether a night has anything
 * to compute. The data parts (the date prefix at the window's end and the symbols listed
 * beyond it) are the same for every factor, so they are computed once per panel and window
 * (panels are never mutated after loading).
 * `candidates` are the canonical params texts in protocol order.
 */
export function windowUnitKeys(options: WindowUnitKeysOptions): UnitKeyOf {
  const { config, panel, codeIdentity, windows } = options;
  const windowData = windows.map((win) => windowDataOf(panel, win.testEnd, options.lives));
  return (factor, win) =>
    windowCacheKey({
      codeIdentity,
      factorId: factor.id,
      candidates: factor.candidates,
      objective: config.objective,
      universe: config.universe,
      portfolio: config.portfolio,
      window: { index: win.index, trainStart: win.trainStart, trainEnd: win.trainEnd, testStart: win.testStart, testEnd: win.testEnd },
      ...(windowData[win.index] as { dataPrefix: string; beyondEnd: string }),
      layout: PROTOCOL_FILES,
    });
}

/** Per panel (an orchestrator and the shards it runs in its process share one): its prefix fingerprints, listed lives and each window end's data parts. */
const perPanel = new WeakMap<Panel, { prefixes: Uint8Array; lives: ListedLives; byTestEnd: Map<number, WindowData> }>();

type WindowData = { readonly dataPrefix: string; readonly beyondEnd: string };

/** The data parts of the keys of windows ending at `testEnd`, computed once per panel and window end. */
function windowDataOf(panel: Panel, testEnd: number, lives: ListedLives | undefined): WindowData {
  let memo = perPanel.get(panel);
  if (memo === undefined) {
    memo = { prefixes: computeDatePrefixFingerprints(panel), lives: lives ?? listedLives(panel), byTestEnd: new Map() };
    perPanel.set(panel, memo);
  }
  let data = memo.byTestEnd.get(testEnd);
  if (data === undefined) {
    data = { dataPrefix: datePrefixFingerprintHex(memo.prefixes, testEnd), beyondEnd: listedBeyond(memo.lives, testEnd) };
    memo.byTestEnd.set(testEnd, data);
  }
  return data;
}

/**
 * The symbols listed by a window's last signal date `testEnd - 1` whose listed life (PROTOCOL
 * section 8b) goes on after it, as a sha256 of their flags: with the date prefix it fixes the
 * window's gap count (a life that ends inside the window is known from the prefix; a symbol
 * first valid after the window counts for none of its dates, however long it lives).
 */
function listedBeyond(lives: ListedLives, testEnd: number): string {
  const flags = new Uint8Array(lives.last.length);
  for (let i = 0; i < flags.length; i++) {
    const first = lives.first[i] as number;
    flags[i] = first >= 0 && first <= testEnd - 1 && (lives.last[i] as number) >= testEnd ? 1 : 0;
  }
  return sha256Hex(flags);
}
