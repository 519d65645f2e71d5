import { computeCodeIdentity } from '@wf/engine';
import type { CodeIdentity } from '@wf/engine';
import { ShardJobRefusedError } from '../errors.js';

export type CheckJobIdentityOptions = {
  /** This worker's name, in the refusal. */
  readonly worker: string;
  /** The prices folder this worker read, and the fingerprint of what it read there. */
  readonly pricesDir: string;
  readonly dataFingerprint: string;
  /** The config's factor modules and folder (the code identity of this worker is computed over them). */
  readonly factorModules: readonly string[];
  /** The config's external score tables (part of the code identity), when it has any. */
  readonly scoreTables?: readonly { readonly factor: string; readonly path: string }[];
  readonly baseDir: string;
  /** The orchestrator's data fingerprint and code identity sha256, carried by the job. */
  readonly expected: { readonly dataFingerprint: string; readonly codeSha256: string };
};

/**
 * Checks that a job's data and code are this worker's: the fingerprint of the prices it sees
 * and its code identity (engine build, runtime, user modules) against those the job carries.
 * A difference refuses the job with the reason (ShardJobRefusedError: never retried by the
 * queue) rather than computing other numbers. Shard jobs and sweep chunks share it.
 * @returns this worker's code identity
 */
export async function checkJobIdentity(options: CheckJobIdentityOptions): Promise<CodeIdentity> {
  const { worker, expected } = options;
  if (options.dataFingerprint !== expected.dataFingerprint) {
    throw new ShardJobRefusedError({
      worker,
      reason: `its data differ from the run's: prices ${options.pricesDir} have fingerprint ${options.dataFingerprint.slice(0, 12)}.., the run's is ${expected.dataFingerprint.slice(0, 12)}..`,
    });
  }
  const code = await computeCodeIdentity({ factorModules: options.factorModules, baseDir: options.baseDir, ...(options.scoreTables === undefined ? {} : { scoreTables: options.scoreTables }) });
  if (code.sha256 !== expected.codeSha256) {
    throw new ShardJobRefusedError({
      worker,
      reason: `its code differs from the run's: code identity ${code.sha256.slice(0, 12)}.. (${code.engine.build} build), the run's is ${expected.codeSha256.slice(0, 12)}..`,
    });
  }
  return code;
}
