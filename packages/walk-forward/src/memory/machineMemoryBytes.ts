import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

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
