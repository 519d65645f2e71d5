import { describe, expect, it } from 'vitest';
import { MergeError } from './MergeError.js';
import { mergeProtocolCsv } from './mergeProtocolCsv.js';

describe('mergeProtocolCsv', () => {
  it('orders rows by factor, then numeric window, keeping shard order within a window', () => {
    const shardA = 'factor,window,segment\nmacd,0,train\nmacd,0,test\nmacd,2,train\nmacd,10,train\n';
    const shardB = 'factor,window,segment\namihud,1,train\namihud,1,test\nrsi,0,train\n';
    expect(mergeProtocolCsv({ name: 'x.csv', texts: [shardA, shardB] })).toBe(
      'factor,window,segment\namihud,1,train\namihud,1,test\nmacd,0,train\nmacd,0,test\nmacd,2,train\nmacd,10,train\nrsi,0,train\n',
    );
  });

  it('copies rows byte for byte, quoted fields included', () => {
    const text = 'factor,window,params\nb,0,"a=1,2"\n';
    expect(mergeProtocolCsv({ name: 'x.csv', texts: ['factor,window,params\n', text] })).toBe(text);
  });

  it('refuses a factor split over two shards, different headers and a torn line', () => {
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['h,w\na,0\n', 'h,w\na,1\n'] })).toThrow(MergeError);
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['h,w\n', 'h,x\n'] })).toThrow(/different header/);
    expect(() => mergeProtocolCsv({ name: 'x.csv', texts: ['h,w\na,0'] })).toThrow(/torn line/);
  });
});
