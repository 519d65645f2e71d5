import type { EvaluationTask } from './EvaluationTask.js';

/**
 * Orders tasks so that those sharing a score matrix (same canonical params) run one after
 * another on the same engine, groups in the order of their first task (so results become
 * writable in ordinal order early), and cuts them into chunks of at most `maxChunk` tasks
 * (a chunk is the unit a worker takes; small groups are packed together). Deterministic.
 */
export function groupTasks(tasks: readonly EvaluationTask[], maxChunk: number): EvaluationTask[][] {
  const groups = new Map<string, EvaluationTask[]>();
  for (const task of tasks) {
    const group = groups.get(task.paramsText);
    if (group === undefined) groups.set(task.paramsText, [task]);
    else group.push(task);
  }
  const chunks: EvaluationTask[][] = [];
  let current: EvaluationTask[] = [];
  for (const group of groups.values()) {
    // Start a new chunk at a group boundary once the current one is half full.
    if (current.length > 0 && current.length >= maxChunk / 2) {
      chunks.push(current);
      current = [];
    }
    for (const task of group) {
      if (current.length >= maxChunk) {
        chunks.push(current);
        current = [];
      }
      current.push(task);
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
