import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import type { EquityCurve } from './readEquityCurves.js';
import { renderEquityChart } from './renderEquityChart.js';

/** A curve of `days` weekdays from `start` (ISO), equity wandering around `level`. */
function makeCurve(options: { start: string; days: number; level?: number }): EquityCurve {
  const dates: string[] = [];
  let time = Date.parse(`${options.start}T00:00:00Z`);
  while (dates.length < options.days) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(new Date(time).toISOString().slice(0, 10));
    time += 86_400_000;
  }
  const equity = Float64Array.from(dates, (_, d) => (options.level ?? 1) + 0.1 * Math.sin(d / 17) + 0.0003 * d);
  return { factor: 'f', dates, equity };
}

/** Problems that make `text` not well-formed XML of one root element (tags balanced, attributes quoted, `&` only in entities); empty when fine. */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  const checkText = (chunk: string, where: number): void => {
    for (let i = chunk.indexOf('&'); i !== -1; i = chunk.indexOf('&', i + 1)) {
      const end = chunk.indexOf(';', i);
      const entity = end === -1 ? '' : chunk.slice(i + 1, end);
      const numeric = entity.startsWith('#') && entity.length > 1 && [...entity.slice(1)].every((c) => c >= '0' && c <= '9');
      if (!numeric && !['amp', 'lt', 'gt', 'quot', 'apos'].includes(entity)) problems.push(`bare & at ${where + i}`);
    }
  };
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const between = text.slice(at, lt === -1 ? text.length : lt);
    if (open.length === 0 && between.trim() !== '') problems.push(`text outside the root at ${at}`);
    checkText(between, at);
    if (lt === -1) break;
    const gt = text.indexOf('>', lt);
    if (gt === -1) {
      problems.push(`unclosed tag at ${lt}`);
      break;
    }
    let tag = text.slice(lt + 1, gt);
    at = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = open.pop();
      if (name !== expected) problems.push(`</${name}> closes <${expected ?? 'nothing'}> at ${lt}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    if (selfClosing) tag = tag.slice(0, -1);
    const space = tag.indexOf(' ');
    const name = space === -1 ? tag : tag.slice(0, space);
    if (name === '' || name.includes('<')) problems.push(`bad tag name at ${lt}`);
    // Attributes: name="value" pairs separated by spaces, values without < or bare &.
    let rest = space === -1 ? '' : tag.slice(space);
    while (rest.trim() !== '') {
      rest = rest.trimStart();
      const eq = rest.indexOf('="');
      const close = eq === -1 ? -1 : rest.indexOf('"', eq + 2);
      if (eq <= 0 || close === -1 || rest.slice(0, eq).includes(' ')) {
        problems.push(`bad attribute in <${name}> at ${lt}`);
        break;
      }
      const value = rest.slice(eq + 2, close);
      if (value.includes('<')) problems.push(`< in attribute of <${name}> at ${lt}`);
      checkText(value, lt);
      rest = rest.slice(close + 1);
      if (rest !== '' && !rest.startsWith(' ')) problems.push(`attributes not separated in <${name}> at ${lt}`);
    }
    if (open.length === 0) roots++;
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(' ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The `d` of every `<path>` element. */
function pathData(svg: string): string[] {
  return [...svg.matchAll(/<path [^>]*\bd="([^"]*)"/g)].map((match) => match[1] ?? '');
}

/**
 * The oracle for the equity path: d3-shape's `line().digits(2)` through the chart's scales
 * (UTC days from first to last onto 0..640, equity with 1 included, niced to 6 ticks, onto 240..0).
 */
function d3EquityPath(curve: EquityCurve): string {
  const times = curve.dates.map((date) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN));
  const drawable = (d: number): boolean => Number.isFinite(times[d]) && Number.isFinite(curve.equity[d]);
  const days = curve.dates.map((_, d) => d).filter(drawable);
  const levels = days.map((d) => curve.equity[d] as number);
  const x = scaleUtc()
    .domain([Math.min(...days.map((d) => times[d] as number)), Math.max(...days.map((d) => times[d] as number))])
    .range([0, 640]);
  const y = scaleLinear()
    .domain([Math.min(1, ...levels), Math.max(1, ...levels)])
    .range([240, 0])
    .nice(6);
  const generator = line<number>()
    .x((d) => x(times[d] as number))
    .y((d) => y(curve.equity[d] as number))
    .defined(drawable);
  // d3-shape 3.2 has digits(); @types/d3-shape 3.1.7 does not declare it.
  const rounded = (generator as unknown as { digits(digits: number): typeof generator }).digits(2);
  return rounded(curve.dates.map((_, d) => d)) ?? '';
}

describe('xmlProblems (the test helper)', () => {
  it('finds unbalanced tags, bare ampersands, unquoted attributes and a second root', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg width=3></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg/><svg/>')).not.toEqual([]);
    expect(xmlProblems('<svg a="1"><g b="&amp;"/><text>&lt;x&gt;</text></svg>')).toEqual([]);
  });
});

describe('renderEquityChart', () => {
  const curve = makeCurve({ start: '2015-02-10', days: 690 });

  it('writes a well-formed SVG with a white background, the title, both axis labels and %Y-%m date ticks', () => {
    const svg = renderEquityChart({ curve, title: 'reversal: PASS (OOS Sharpe 1.20)' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="718" height="312"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<rect width="718" height="312" fill="white"/>');
    expect(svg).toContain('>reversal: PASS (OOS Sharpe 1.20)</text>');
    expect(svg).toContain('>test day (stitched windows)</text>');
    expect(svg).toContain('>equity (start = 1)</text>');
    expect(svg).toContain('>2016-01</text>');
    expect(svg).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
  });

  it('draws one path through every day, from the left to the right edge of a 640 px plot, with coordinates of at most 2 decimals', () => {
    const paths = pathData(renderEquityChart({ curve, title: 't' }));
    expect(paths).toHaveLength(1);
    const d = paths[0] ?? '';
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.match(/[ML]/g)).toHaveLength(curve.dates.length);
    expect(d.startsWith('M0,')).toBe(true);
    expect(d).toMatch(/L640,[\d.]+$/);
    for (const number of d.split(/[MLZ,]/).filter((part) => part !== '')) expect(number).toMatch(/^-?\d+(\.\d{1,2})?$/);
  });

  it('keeps the start level 1 in range and marks it with a dashed gray rule, even when the whole curve is above 1', () => {
    const high = makeCurve({ start: '2020-01-01', days: 300, level: 1.6 });
    const svg = renderEquityChart({ curve: high, title: 't' });
    const rule = /<line class="start-level" x1="0" x2="640" y1="([\d.]+)" y2="\1" stroke="gray" stroke-dasharray="4,4"\/>/.exec(svg);
    expect(rule).not.toBeNull();
    const y = Number(rule?.[1]);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(240);
    expect(svg).toContain('>1.0</text>');
  });

  it('escapes the title for XML', () => {
    const svg = renderEquityChart({ curve, title: `a<b & "c" 'd' > e\u0001` });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('>a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt; e\ufffd</text>');
    expect(svg).not.toContain('a<b');
  });

  it('gives identical bytes for an identical curve and title', () => {
    const copy: EquityCurve = { factor: curve.factor, dates: [...curve.dates], equity: Float64Array.from(curve.equity) };
    expect(renderEquityChart({ curve: copy, title: 'x: FAIL' })).toBe(renderEquityChart({ curve, title: 'x: FAIL' }));
  });

  it('says "no out-of-sample days" in a valid SVG without a line for a curve without days, and "no valid equity points" when no day can be drawn', () => {
    const svg = renderEquityChart({ curve: { factor: 'f', dates: [], equity: new Float64Array(0) }, title: 'f: FAIL (OOS Sharpe -)' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('>no out-of-sample days</text>');
    expect(svg).toContain('>f: FAIL (OOS Sharpe -)</text>');
    expect(pathData(svg)).toEqual([]);
    const invalid = renderEquityChart({ curve: { factor: 'f', dates: ['2021-13-01'], equity: Float64Array.of(1) }, title: 't' });
    expect(xmlProblems(invalid)).toEqual([]);
    expect(invalid).toContain('>no valid equity points</text>');
  });

  it('labels the ticks of a curve shorter than two months by day, and draws a single day as a point', () => {
    const short = makeCurve({ start: '2021-03-01', days: 15 });
    const svg = renderEquityChart({ curve: short, title: 't' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/>2021-03-\d{2}</);
    const one = renderEquityChart({ curve: makeCurve({ start: '2021-03-01', days: 1 }), title: 't' });
    expect(xmlProblems(one)).toEqual([]);
    expect(pathData(one)).toEqual(['M320,120Z']);
  });

  it("writes the equity path byte for byte as d3-shape's line().digits(2) through the chart's scales, gaps and one-day runs included", () => {
    expect(pathData(renderEquityChart({ curve, title: 't' }))).toEqual([d3EquityPath(curve)]);
    const equity = Float64Array.from(curve.equity);
    const dates = [...curve.dates];
    equity[100] = Number.NaN;
    dates[200] = '2016-1-05';
    equity[300] = Number.POSITIVE_INFINITY;
    equity[302] = Number.NaN;
    const gappy: EquityCurve = { factor: 'f', dates, equity };
    const d = pathData(renderEquityChart({ curve: gappy, title: 't' }))[0] ?? '';
    expect(d).toContain('Z');
    expect(d).toBe(d3EquityPath(gappy));
  });

  it('leaves a gap where a day has no finite equity or no ISO date', () => {
    const equity = Float64Array.from(curve.equity);
    equity[100] = Number.NaN;
    const dates = [...curve.dates];
    dates[200] = 'not a date';
    const d = pathData(renderEquityChart({ curve: { factor: 'f', dates, equity }, title: 't' }))[0] ?? '';
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d.match(/[ML]/g)).toHaveLength(curve.dates.length - 2);
  });

  it('writes the same bytes in every time zone', () => {
    const curves = [curve, makeCurve({ start: '2021-03-08', days: 30 }), makeCurve({ start: '2020-10-20', days: 20 })];
    const module = fileURLToPath(new URL('../../dist/report/renderEquityChart.js', import.meta.url));
    const script = [
      `const { renderEquityChart } = await import(${JSON.stringify(`file://${module}`)});`,
      "let input = ''; for await (const chunk of process.stdin) input += chunk;",
      'const svgs = JSON.parse(input).map((c) => renderEquityChart({ curve: { factor: c.factor, dates: c.dates, equity: Float64Array.from(c.equity) }, title: c.factor }));',
      'process.stdout.write(JSON.stringify({ offset: new Date(2021, 0, 1).getTimezoneOffset(), svgs }));',
    ].join('\n');
    const input = JSON.stringify(curves.map((c) => ({ factor: c.factor, dates: c.dates, equity: [...c.equity] })));
    const inZone = (zone: string): { offset: number; svgs: string[] } =>
      JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input, env: { ...process.env, TZ: zone }, encoding: 'utf8' })) as { offset: number; svgs: string[] };
    const newYork = inZone('America/New_York');
    const tokyo = inZone('Asia/Tokyo');
    // The zones really differ in the children (so local-time code would show).
    expect(newYork.offset).toBe(300);
    expect(tokyo.offset).toBe(-540);
    const here = curves.map((c) => renderEquityChart({ curve: c, title: c.factor }));
    expect(newYork.svgs).toEqual(here);
    expect(tokyo.svgs).toEqual(here);
  });
});
