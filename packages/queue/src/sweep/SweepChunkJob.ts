import { deserialize, serialize } from 'node:v8';
import type { EngineStats } from '@wf/engine';
import type { EvaluationOutcome, EvaluationTask, SweepEvaluationSpec } from '@wf/optimizer';

/** BullMQ job name of a sweep chunk (a shard job's is `shard`); one queue carries both. */
export const SWEEP_CHUNK_JOB = 'sweep-chunk';

/**
 * The data of one sweep-chunk job: candidates of one sweep sharing score matrices (groupTasks),
 * and what the worker needs to evaluate them exactly as the orchestrator would. The spec and
 * the tasks travel as `payload`, V8's serialization in base64: JSON would turn a NaN or -0
 * param or metric into another number, and a number must never change on the way.
 */
export type SweepChunkJobData = {
  /** sha256 of the sweep's spec and identity: a worker keeps one market and thread pool per sweep. */
  readonly sweepKey: string;
  readonly factorId: string;
  readonly firstOrdinal: number;
  readonly candidates: number;
  /** The orchestrator's data fingerprint and code identity sha256: a worker whose own differ refuses the job. */
  readonly dataFingerprint: string;
  readonly codeSha256: string;
  /** `{ spec, tasks }` (SweepChunkPayload), v8-serialized, base64, and its decoded byte length. */
  readonly payload: string;
  readonly bytes: number;
};

export type SweepChunkPayload = { readonly spec: SweepEvaluationSpec; readonly tasks: readonly EvaluationTask[] };

/** A chunk's result: the outcomes in task order (v8-serialized, base64), who computed them, and the engine counters they cost. */
export type SweepChunkResult = {
  readonly worker: string;
  readonly payload: string;
  /** Byte length of the decoded payload, checked before it is read. */
  readonly bytes: number;
  readonly engine: EngineStats;
};

/** V8 serialization in base64: exact for every number (NaN, -0, typed arrays), as both ends run the same Node (the code identity includes it). */
export function encodePayload(value: unknown): { readonly payload: string; readonly bytes: number } {
  const buffer = serialize(value);
  return { payload: buffer.toString('base64'), bytes: buffer.length };
}

/** The value of `encodePayload`; null when the bytes are not `bytes` long (damaged on the way). */
export function decodePayload<T>(payload: string, bytes: number): T | null {
  const buffer = Buffer.from(payload, 'base64');
  if (buffer.length !== bytes) return null;
  return deserialize(buffer) as T;
}
