/**
 * Symbols per block for factors that keep intermediate series: each intermediate is a
 * row-major nDates x SYMBOL_BLOCK scratch (322 KB at 1,259 dates), so a factor's scratch is
 * O(nDates) whatever the universe size, while kernels still advance 32 independent series
 * per date.
 */
export const SYMBOL_BLOCK = 32;
