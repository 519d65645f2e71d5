/** Trading days per year used to annualize daily figures (PROTOCOL section 5). */
export const TRADING_DAYS_PER_YEAR = 252;
