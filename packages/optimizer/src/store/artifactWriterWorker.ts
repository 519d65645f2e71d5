/**
 * Entry of the sweep's artifact writer thread (ArtifactWriter): formats and writes each
 * artifact it is sent, then counts it in the shared `written` cell (the sweep's thread waits
 * on that cell only at checkpoints).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ArtifactJob, ArtifactWriterData } from './ArtifactWriter.js';
import { writeArtifactFile } from './writeArtifactFile.js';

const port = parentPort;
if (port === null) throw new Error('artifactWriterWorker must run in a worker thread');
const { dates, counters, failures } = workerData as ArtifactWriterData;

port.on('message', (job: ArtifactJob) => {
  try {
    writeArtifactFile({ path: job.path, dates, start: job.start, returns: job.returns, holdingDays: job.holdingDays });
  } catch (error) {
    // Told on its own port, which the sweep's thread reads synchronously when it flushes.
    failures.postMessage({ path: job.path, message: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code ?? null });
  }
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
});
