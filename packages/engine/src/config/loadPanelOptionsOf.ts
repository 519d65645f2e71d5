import type { LoadPanelOptions } from '../data/LoadedPanel.js';
import type { DataConfig } from './WalkForwardConfig.js';

/**
 * The loader options of a config's `data` (PROTOCOL section 1): where the prices are and how
 * they are laid out (per-symbol files or a long table), the column mapping, market caps,
 * calendar and lenient mode. `pricesDir` replaces `data.prices` (a `--prices` flag, or a
 * worker's own copy): for a long table it names the table.
 */
export function loadPanelOptionsOf(data: DataConfig, pricesDir?: string | null): LoadPanelOptions {
  return {
    pricesDir: pricesDir ?? data.prices,
    marketCapsDir: data.marketCaps,
    calendarFile: data.calendar,
    ...(data.format === undefined ? {} : { format: data.format }),
    ...(data.columns === undefined ? {} : { columns: data.columns }),
    ...(data.lenient === undefined ? {} : { lenient: data.lenient }),
  };
}
