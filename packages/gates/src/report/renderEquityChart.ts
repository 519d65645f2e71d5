import { scaleLinear, scaleUtc } from 'd3-scale';
import { utcFormat } from 'd3-time-format';
import type { EquityCurve } from './readEquityCurves.js';

export type RenderEquityChartOptions = {
  readonly curve: EquityCurve;
  /** Chart title, e.g. `reversal: PASS`. */
  readonly title: string;
  /** Width of the plot area (default 640); the SVG adds its margins. */
  readonly widthPx?: number;
  /** Height of the plot area (default 240); the SVG adds its margins. */
  readonly heightPx?: number;
};

const MARGIN = { top: 30, right: 20, bottom: 42, left: 58 } as const;
const DAY_MS = 86_400_000;
const LINE_COLOR = '#4c78a8';
const GRID_COLOR = '#ddd';
const AXIS_COLOR = '#888';
const formatMonth = utcFormat('%Y-%m');
const formatDay = utcFormat('%Y-%m-%d');

/**
 * An SVG line chart of a factor's stitched out-of-sample equity, written as text from d3
 * scales (no DOM, canvas or fonts). Plot area `widthPx` x `heightPx` inside
 * fixed margins: title on top, x axis of UTC test days (ticks `%Y-%m`, or `%Y-%m-%d` when the
 * curve is too short for month ticks), y axis of equity (not forced to include zero, but
 * always including 1, where a dashed gray rule marks the start level), the equity line.
 * Points whose date is not `YYYY-MM-DD` or whose equity is not finite are left out (a gap).
 * Only UTC and fixed formats are used (coordinates rounded to 2 decimals), so the same
 * curve and title give the same bytes on every machine and in every time zone. A curve
 * without days gives a chart saying "no out-of-sample days".
 */
export function renderEquityChart(options: RenderEquityChartOptions): string {
  const width = options.widthPx ?? 640;
  const height = options.heightPx ?? 240;
  const { curve } = options;
  const n = curve.dates.length;
  const times = new Float64Array(n);
  const drawable = new Uint8Array(n);
  let drawableCount = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  let e0 = 1;
  let e1 = 1;
  for (let d = 0; d < n; d++) {
    const time = parseIsoDay(curve.dates[d] as string);
    const equity = curve.equity[d] ?? Number.NaN;
    times[d] = time;
    if (!Number.isFinite(time) || !Number.isFinite(equity)) continue;
    drawable[d] = 1;
    drawableCount++;
    if (time < t0) t0 = time;
    if (time > t1) t1 = time;
    if (equity < e0) e0 = equity;
    if (equity > e1) e1 = equity;
  }
  const totalWidth = width + MARGIN.left + MARGIN.right;
  const totalHeight = height + MARGIN.top + MARGIN.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(totalWidth)}" height="${fmt(totalHeight)}" viewBox="0 0 ${fmt(totalWidth)} ${fmt(totalHeight)}" font-family="sans-serif" font-size="10">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${fmt(totalWidth)}" height="${fmt(totalHeight)}" fill="white"/>`,
    `<text x="${fmt(MARGIN.left + width / 2)}" y="19" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<rect width="${fmt(width)}" height="${fmt(height)}" fill="none" stroke="${GRID_COLOR}"/>`,
  ];
  if (drawableCount === 0) {
    const message = n === 0 ? 'no out-of-sample days' : 'no valid equity points';
    out.push(`<text x="${fmt(width / 2)}" y="${fmt(height / 2)}" text-anchor="middle" dy="0.32em" font-size="12" fill="#666">${message}</text>`);
    out.push('</g>', '</svg>');
    return out.join('\n');
  }
  // A single day or a flat curve still gets a visible, non-degenerate span.
  if (t0 === t1) [t0, t1] = [t0 - DAY_MS, t1 + DAY_MS];
  if (e0 === e1) [e0, e1] = [e0 - 0.01, e1 + 0.01];
  const xTickCount = Math.max(2, Math.round(width / 80));
  const yTickCount = Math.max(2, Math.round(height / 40));
  const x = scaleUtc().domain([t0, t1]).range([0, width]);
  const y = scaleLinear().domain([e0, e1]).range([height, 0]).nice(yTickCount);

  const xTicks = x.ticks(xTickCount);
  const monthTicks = xTicks.every((tick) => tick.getUTCDate() === 1 && tick.getUTCHours() === 0);
  const formatX = monthTicks ? formatMonth : formatDay;
  out.push('<g class="x-axis">');
  for (const tick of xTicks) {
    const px = fmt(x(tick));
    out.push(
      `<line x1="${px}" x2="${px}" y1="0" y2="${fmt(height)}" stroke="${GRID_COLOR}"/>`,
      `<line x1="${px}" x2="${px}" y1="${fmt(height)}" y2="${fmt(height + 5)}" stroke="${AXIS_COLOR}"/>`,
      `<text x="${px}" y="${fmt(height + 16)}" text-anchor="middle">${escapeXml(formatX(tick))}</text>`,
    );
  }
  out.push(
    `<line x1="0" x2="${fmt(width)}" y1="${fmt(height)}" y2="${fmt(height)}" stroke="${AXIS_COLOR}"/>`,
    `<text x="${fmt(width / 2)}" y="${fmt(height + 34)}" text-anchor="middle" font-size="11" font-weight="bold">test day (stitched windows)</text>`,
    '</g>',
  );

  const formatY = y.tickFormat(yTickCount);
  out.push('<g class="y-axis">');
  for (const tick of y.ticks(yTickCount)) {
    const py = fmt(y(tick));
    out.push(
      `<line x1="0" x2="${fmt(width)}" y1="${py}" y2="${py}" stroke="${GRID_COLOR}"/>`,
      `<line x1="-5" x2="0" y1="${py}" y2="${py}" stroke="${AXIS_COLOR}"/>`,
      `<text x="-7" y="${py}" text-anchor="end" dy="0.32em">${escapeXml(formatY(tick))}</text>`,
    );
  }
  out.push(
    `<line x1="0" x2="0" y1="0" y2="${fmt(height)}" stroke="${AXIS_COLOR}"/>`,
    `<text transform="translate(${fmt(-MARGIN.left + 14)},${fmt(height / 2)}) rotate(-90)" text-anchor="middle" font-size="11" font-weight="bold">equity (start = 1)</text>`,
    '</g>',
  );

  // The line through the days, as d3-shape's `line().digits(2)` writes it (a new `M` after a
  // left-out day, `Z` closing a one-point run); a plain loop, as d3's generator costs about
  // 1.5 ms more a chart in a fresh process (the test checks the bytes against d3-shape's).
  let d = '';
  let run = 0;
  for (let day = 0; day <= n; day++) {
    if (day === n || drawable[day] !== 1) {
      if (run === 1) d += 'Z';
      run = 0;
      continue;
    }
    d += `${run === 0 ? 'M' : 'L'}${fmt(x(times[day] as number))},${fmt(y(curve.equity[day] as number))}`;
    run++;
  }
  out.push(`<path class="equity" d="${d}" fill="none" stroke="${LINE_COLOR}" stroke-width="1.5"/>`);
  const level = fmt(y(1));
  out.push(`<line class="start-level" x1="0" x2="${fmt(width)}" y1="${level}" y2="${level}" stroke="gray" stroke-dasharray="4,4"/>`);
  out.push('</g>', '</svg>');
  return out.join('\n');
}

/** Milliseconds since the epoch of an ISO day (`YYYY-MM-DD`, UTC midnight); NaN for anything else. */
function parseIsoDay(text: string): number {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return Number.NaN;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  return Date.UTC(year, month - 1, day);
}

/** A coordinate rounded to 2 decimals, written the shortest way (`-0` as `0`). */
function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Text or attribute content safe in XML: markup characters escaped, characters XML 1.0 forbids replaced by U+FFFD. */
function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (char === "'") out += '&apos;';
    else if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) out += '\ufffd';
    else out += char;
  }
  return out;
}
