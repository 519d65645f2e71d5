import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '@wf/gates';
import type { GateManifest } from '@wf/gates';

/** A gate run's progress as its shards' heartbeats tell it. */
export type GateProgress = {
  readonly status: string;
  readonly unitsDone: number;
  readonly unitsTotal: number;
  /** Per shard: units done and total of its last heartbeat (0 of its plan before the first). */
  readonly shards: readonly { readonly index: number; readonly unitsDone: number; readonly unitsTotal: number; readonly factor: string | null }[];
  readonly passed: readonly string[];
  readonly failed: readonly string[];
};

type LogTail = { offset: number; partial: string; unitsDone: number; unitsTotal: number; factor: string | null };

/**
 * Live progress of gate runs from each shard's `run.log` (pino NDJSON heartbeats: unitsDone,
 * unitsTotal), read incrementally: each poll reads only the bytes appended since the last one
 * (a torn last line waits for its end). A shard without a heartbeat yet counts 0 units; a
 * finished run counts all of them (the window cache may have replayed it without heartbeats).
 */
export class GateProgressReader {
  private readonly tails = new Map<string, LogTail>();

  read(runDir: string): GateProgress | null {
    let manifest: GateManifest;
    try {
      manifest = JSON.parse(readFileSync(join(runDir, MANIFEST_FILE), 'utf8')) as GateManifest;
    } catch {
      return null;
    }
    const shards = manifest.shards.map((shard) => {
      const tail = this.follow(join(runDir, shard.outDir, 'run.log'));
      return { index: shard.index, unitsDone: tail.unitsDone, unitsTotal: tail.unitsTotal, factor: tail.factor };
    });
    const unitsTotal = manifest.plan.unitsTotal;
    const finished = manifest.status === 'passed' || manifest.status === 'gates_failed';
    const done = finished ? unitsTotal : Math.min(unitsTotal, shards.reduce((sum, s) => sum + s.unitsDone, 0));
    return { status: manifest.status, unitsDone: done, unitsTotal, shards, passed: manifest.verdict?.passed ?? [], failed: manifest.verdict?.failed ?? [] };
  }

  private follow(path: string): LogTail {
    let tail = this.tails.get(path);
    if (tail === undefined) this.tails.set(path, (tail = { offset: 0, partial: '', unitsDone: 0, unitsTotal: 0, factor: null }));
    if (!existsSync(path)) return tail;
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < tail.offset) Object.assign(tail, { offset: 0, partial: '', unitsDone: 0 }); // replaced: start over
      if (size === tail.offset) return tail;
      const buffer = Buffer.alloc(size - tail.offset);
      readSync(fd, buffer, 0, buffer.length, tail.offset);
      tail.offset = size;
      const lines = (tail.partial + buffer.toString('utf8')).split('\n');
      tail.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"heartbeat"')) continue;
        try {
          const record = JSON.parse(line) as { msg?: string; unitsDone?: number; unitsTotal?: number; factor?: string };
          if (record.msg !== 'heartbeat') continue;
          tail.unitsDone = record.unitsDone ?? tail.unitsDone;
          tail.unitsTotal = record.unitsTotal ?? tail.unitsTotal;
          tail.factor = record.factor ?? tail.factor;
        } catch {
          // not a log record (a foreign line): skipped
        }
      }
    } finally {
      closeSync(fd);
    }
    return tail;
  }
}
