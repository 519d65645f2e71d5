import { describe, expect, it } from 'vitest';
import { DuplicateUnitError, MergeError } from '../errors.js';
import { mergeProtocolCsv } from './mergeProtocolCsv.js';

describe('mergeProtocolCsv', () => {
  it('orders rows by factor, then numeric window, keeping shard order within a window', () => {
    const shardA = 'factor,window,segment\nmacd,0,train\nmacd,0,test\nmacd,2,train\nmacd,10,train\n';
    const shardB = 'factor,window,segment\namihud,1,train\namihud,1,test\nrsi,0,train\n';
    expect(mergeProtocolCsv({ name: 'x.csv', texts: [shardA, shardB], keyColumns: ['factor', 'window', 'segment'] })).toBe(
      'factor,window,segment\namihud,1,train\namihud,1,test\nmacd,0,train\nmacd,0,test\nmacd,2,train\nmacd,10,train\nrsi,0,train\n',
    );
  });

  it('copies rows byte for byte, quoted fields included', () => {
    const text = 'factor,window,params\nb,0,"a=1,2"\n';
    expect(mergeProtocolCsv({ name: 'x.csv', texts: ['factor,window,params\n', text] })).toBe(text);
  });

  it('refuses a factor split over two shards, different headers and a torn line', () => {
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['factor,window\na,0\n', 'factor,window\na,1\n'] })).toThrow(MergeError);
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['factor,window\n', 'factor,window,x\n'] })).toThrow(/different header/);
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['factor,window\na,0'] })).toThrow(/torn line/);
  });

  it('refuses a repeated unit within a shard copy or across copies, naming the file and both lines', () => {
    const summary = 'factor,window,x\na,0,1\na,1,2\na,1,2\n';
    const repeat = (): string => mergeProtocolCsv({ name: 'walk_forward_summary.csv', texts: ['factor,window,x\n', summary], sources: ['/s0/w.csv', '/s1/w.csv'] });
    expect(repeat).toThrow(DuplicateUnitError);
    expect(repeat).toThrow('cannot merge /s1/w.csv line 4: (factor=a, window=1) repeats line 3; ');
    // Lines are counted with quoted line breaks inside fields.
    const quoted = 'factor,window,x\na,0,"multi\nline"\na,0,3\n';
    expect(() => mergeProtocolCsv({ name: 'walk_forward_summary.csv', texts: [quoted] })).toThrow(/line 4: \(factor=a, window=0\) repeats line 2;/);
    const daily = 'factor,window,date,return,ic\nb,0,2020-01-02,0.1,\n';
    expect(() => mergeProtocolCsv({ name: 'oos_daily.csv', texts: [daily, daily], sources: ['/s0/d.csv', '/s1/d.csv'] })).toThrow(
      'cannot merge /s1/d.csv line 2: (factor=b, window=0, date=2020-01-02) repeats line 2 of /s0/d.csv',
    );
    // The same unit's rows under distinct keys merge: train and test audit rows, days, candidates.
    const audit = 'factor,window,segment\nb,0,train\nb,0,test\n';
    expect(mergeProtocolCsv({ name: 'universe_audit.csv', texts: [audit] })).toBe(audit);
    expect(() => mergeProtocolCsv({ name: 'universe_audit.csv', texts: [`${audit}b,0,test\n`] })).toThrow(/line 4: \(factor=b, window=0, segment=test\) repeats line 3/);
  });
});
