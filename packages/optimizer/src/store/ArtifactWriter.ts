import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { FileWriteError } from '@wf/engine';
import { writeArtifactFile } from './writeArtifactFile.js';

/** One artifact to write (see writeArtifactFile); `returns` is transferred to the writer thread. */
export type ArtifactJob = {
  readonly path: string;
  readonly start: number;
  readonly returns: Float64Array;
  readonly holdingDays: number;
};

/** The writer thread's start data: the panel's dates, the shared count of artifacts handled, and the port it reports failures on. */
export type ArtifactWriterData = { readonly dates: Int32Array; readonly counters: Int32Array; readonly failures: MessagePort };

type ArtifactFailure = { readonly path: string; readonly message: string; readonly code: string | null };

/**
 * Writes a sweep's `--artifacts all` files off the evaluation path: on a worker thread that
 * formats and writes each one, so the sweep's thread only posts the daily returns. `flush`
 * blocks until every posted artifact is on disk: the sweep calls it before each checkpoint,
 * so a checkpoint never vouches for a candidate whose artifact is missing (a resumed sweep
 * does not rewrite the artifacts of resumed candidates). Without the compiled worker beside
 * this module (sources run by tests), it writes on the calling thread.
 */
export class ArtifactWriter {
  private readonly worker: Worker | null;
  private readonly dates: Int32Array;
  private readonly counters: Int32Array;
  private readonly failures: MessagePort;
  private posted = 0;

  constructor(dates: Int32Array) {
    this.dates = dates;
    this.counters = new Int32Array(new SharedArrayBuffer(4));
    const channel = new MessageChannel();
    this.failures = channel.port1;
    this.failures.unref();
    const url = artifactWriterWorkerUrl();
    this.worker = existsSync(fileURLToPath(url))
      ? new Worker(url, { workerData: { dates, counters: this.counters, failures: channel.port2 } satisfies ArtifactWriterData, transferList: [channel.port2] })
      : null;
    this.worker?.unref();
  }

  /** Queues one artifact (written now when there is no writer thread). */
  write(job: ArtifactJob): void {
    this.throwFailure();
    if (this.worker === null) {
      try {
        writeArtifactFile({ ...job, dates: this.dates });
      } catch (error) {
        throw new FileWriteError({ what: 'artifact', path: job.path, cause: error });
      }
      return;
    }
    this.posted += 1;
    // A copy the writer owns: the caller keeps its series (the top-N heap may hold it).
    const returns = job.returns.slice();
    this.worker.postMessage({ ...job, returns } satisfies ArtifactJob, [returns.buffer as ArrayBuffer]);
  }

  /** Blocks until every queued artifact is written; throws FileWriteError if one failed. */
  flush(): void {
    for (let handled = Atomics.load(this.counters, 0); handled < this.posted; handled = Atomics.load(this.counters, 0)) {
      Atomics.wait(this.counters, 0, handled, 1000);
    }
    this.throwFailure();
  }

  /** Flushes, then stops the writer thread. */
  async close(): Promise<void> {
    try {
      this.flush();
    } finally {
      await this.worker?.terminate();
    }
  }

  /** The first write the thread reported failed, as the FileWriteError the calling thread would have thrown. */
  private throwFailure(): void {
    const received = receiveMessageOnPort(this.failures);
    if (received === undefined) return;
    const failure = received.message as ArtifactFailure;
    throw new FileWriteError({ what: 'artifact', path: failure.path, cause: Object.assign(new Error(failure.message), failure.code === null ? {} : { code: failure.code }) });
  }
}

/** The compiled writer script, as candidateWorkerUrl: beside a CLI bundle, else dist/. */
function artifactWriterWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.bundle.cjs')) return new URL('./artifact-writer.bundle.cjs', here);
  if (here.endsWith('.ts')) return new URL('../../dist/store/artifactWriterWorker.js', here);
  return new URL('./artifactWriterWorker.js', here);
}
