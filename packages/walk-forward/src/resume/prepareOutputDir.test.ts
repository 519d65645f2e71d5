import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResumeMismatchError, ResumeStateError } from '@wf/engine';
import type { CodeIdentity } from '@wf/engine';
import { ResumeCodeChangedError } from '../errors.js';
import { prepareOutputDir } from './prepareOutputDir.js';
import type { PlannedUnit, RunState } from './RunState.js';

const code: CodeIdentity = {
  version: 1,
  sha256: 'c1'.repeat(32),
  engine: { build: 'bundle', files: 3, runtime: 'node v20.0.0 linux x64', sha256: 'e1'.repeat(32) },
  modules: [{ module: 'factors/flip.mjs', files: [{ path: 'flip.mjs', sha256: 'f1'.repeat(32) }], packages: [], sha256: 'm1'.repeat(32) }],
};
const state: RunState = { protocolVersion: 2, runKey: 'k1', dataFingerprint: 'f', codeIdentity: code, shardIndex: 0, shardCount: 1, factors: ['a'], windows: 2 };
const units: PlannedUnit[] = [
  { factorId: 'a', window: 0, candidates: 2, testDays: 2 },
  { factorId: 'a', window: 1, candidates: 2, testDays: 2 },
];
/** The rows unit k appends to each file (fields need not be real numbers here). */
const rows = (k: number): Record<string, string> => ({
  'oos_daily.csv': `a,${k},2020-01-0${k + 1},0.1,\na,${k},2020-01-0${k + 2},0.2,0.5\n`,
  'candidates.csv': `a,${k},0,p=1,1,0.1,0.1;0.2\na,${k},1,p=2,,,0.3;\n`,
  'oos_gaps.csv': `a,${k},100,1\n`,
  'universe_audit.csv': `a,${k},train,x\na,${k},test,x\n`,
  'walk_forward_summary.csv': `a,${k},s\n`,
});
const files = ['oos_daily.csv', 'candidates.csv', 'oos_gaps.csv', 'universe_audit.csv', 'walk_forward_summary.csv'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-prepare-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const append = (name: string, text: string): void => appendFileSync(join(dir, name), text);

describe('prepareOutputDir', () => {
  it('writes run.json and every header on a fresh run', () => {
    expect(prepareOutputDir({ outDir: dir, resume: false, force: false, state, units })).toEqual({ completedUnits: 0, repairedFiles: [] });
    expect(read('walk_forward_summary.csv')).toMatch(/^factor,window,train_start,.*,oos_universe_mean\n$/);
    expect(read('oos_daily.csv')).toBe('factor,window,date,return,ic\n');
    expect(JSON.parse(read('run.json'))).toEqual(state);
  });

  it('keeps committed units and cuts the uncommitted unit and a torn line on resume', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    const committed = Object.fromEntries(files.map((name) => [name, read(name)]));
    // Unit 1 was being written: all its daily and candidates rows, half an oos_gaps line, nothing else.
    append('oos_daily.csv', rows(1)['oos_daily.csv'] as string);
    append('candidates.csv', rows(1)['candidates.csv'] as string);
    append('oos_gaps.csv', 'a,1,10');
    const prepared = prepareOutputDir({ outDir: dir, resume: true, force: false, state, units });
    expect(prepared).toEqual({ completedUnits: 1, repairedFiles: ['oos_daily.csv', 'candidates.csv', 'oos_gaps.csv'] });
    for (const name of files) expect(read(name)).toBe(committed[name]);
  });

  it('cuts a torn summary line: that unit is not committed', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    const headers = Object.fromEntries(files.map((name) => [name, read(name).split('\n')[0] + '\n']));
    writeFileSync(join(dir, 'walk_forward_summary.csv'), `${headers['walk_forward_summary.csv'] as string}a,0`);
    expect(prepareOutputDir({ outDir: dir, resume: true, force: false, state, units }).completedUnits).toBe(0);
    for (const name of files) expect(read(name)).toBe(headers[name]);
  });

  it('refuses to resume files where a unit was appended twice (two writers), whatever the torn tail', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    // A second writer appended unit 0 again, its summary row (the commit) included, and tore a line.
    for (const name of files) append(name, rows(0)[name] as string);
    append('oos_daily.csv', 'a,1,2020-01-0');
    expect(() => prepareOutputDir({ outDir: dir, resume: true, force: false, state, units })).toThrow(/row 3 is \(a, 0\) where this run expects \(a, 1\)/);
    // Only the daily rows repeated, the summary once: the repeat sits where unit 1's rows belong, and is cut as uncommitted.
    prepareOutputDir({ outDir: dir, resume: false, force: true, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    const committed = Object.fromEntries(files.map((name) => [name, read(name)]));
    append('oos_daily.csv', rows(0)['oos_daily.csv'] as string);
    expect(prepareOutputDir({ outDir: dir, resume: true, force: false, state, units })).toEqual({ completedUnits: 1, repairedFiles: ['oos_daily.csv'] });
    for (const name of files) expect(read(name)).toBe(committed[name]);
  });

  it('refuses to resume a run with another key, naming run.json', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    expect(() => prepareOutputDir({ outDir: dir, resume: true, force: false, state: { ...state, runKey: 'k2' }, units })).toThrow(
      ResumeMismatchError,
    );
  });

  it('refuses to resume a run recorded under other code, naming what changed', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    const edited: CodeIdentity = {
      ...code,
      sha256: 'c2'.repeat(32),
      modules: [{ ...code.modules[0]!, files: [{ path: 'flip.mjs', sha256: 'f2'.repeat(32) }], sha256: 'm2'.repeat(32) }],
    };
    const attempt = (): unknown => prepareOutputDir({ outDir: dir, resume: true, force: false, state: { ...state, runKey: 'k2', codeIdentity: edited }, units });
    expect(attempt).toThrow(ResumeCodeChangedError);
    expect(attempt).toThrow(
      'code changed since the run started: user module factors/flip.mjs sha256 f1f1f1f1.. -> f2f2f2f2..; resume refused (start a new run)',
    );
  });

  it('refuses to resume files without run.json, or whose committed units lack rows', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    writeFileSync(join(dir, 'universe_audit.csv'), read('universe_audit.csv').split('\n').slice(0, 2).join('\n') + '\n');
    expect(() => prepareOutputDir({ outDir: dir, resume: true, force: false, state, units })).toThrow(/row 3 is not its row 2 of 2/);
    rmSync(join(dir, 'run.json'));
    expect(() => prepareOutputDir({ outDir: dir, resume: true, force: false, state, units })).toThrow(ResumeStateError);
  });

  it('starts over with force, leaving run.log alone', () => {
    prepareOutputDir({ outDir: dir, resume: false, force: false, state, units });
    for (const name of files) append(name, rows(0)[name] as string);
    writeFileSync(join(dir, 'run.log'), 'old log\n');
    prepareOutputDir({ outDir: dir, resume: false, force: true, state, units });
    expect(read('walk_forward_summary.csv').split('\n').length).toBe(2);
    expect(read('run.log')).toBe('old log\n');
  });
});
