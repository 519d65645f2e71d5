/** The value fields of a panel (PROTOCOL section 1), in stored order; `marketCap` only when a market-cap folder was given. */
export const PANEL_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'marketCap'] as const;

/** One value field of a Panel. */
export type PanelField = (typeof PANEL_FIELDS)[number];
