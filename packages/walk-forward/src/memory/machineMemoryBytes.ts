import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { MemoryLimit } from '@wf/engine';

/** The memory this process may use: the machine's, or the cgroup (v2) limit when lower (a container). */
export function machineMemoryBytes(): number {
  let limit = totalmem();
  try {
    const text = readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim();
    const cgroup = Number(text);
    if (text !== 'max' && Number.isFinite(cgroup) && cgroup > 0) limit = Math.min(limit, cgroup);
  } catch {
    // No cgroup v2 limit readable: the machine's memory.
  }
  return limit;
}

/** The memory limit of a run: `--max-memory-gb` in bytes when given, else the machine's memory (machineMemoryBytes). */
export function memoryLimitOf(maxMemoryBytes: number | null | undefined): MemoryLimit {
  return maxMemoryBytes == null ? { bytes: machineMemoryBytes(), source: "the machine's memory" } : { bytes: maxMemoryBytes, source: '--max-memory-gb' };
}
