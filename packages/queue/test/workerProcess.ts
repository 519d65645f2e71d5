/**
 * `wf-worker` as a real process for the queue's process tests: started on a queue with short
 * lock and stalled-check times (a killed worker's job moves on within seconds), its stderr kept
 * and passed on line by line; ready once it logs `worker started`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export type WorkerProcess = {
  readonly name: string;
  readonly child: ChildProcess;
  stderr: string;
  readonly exited: Promise<number | null>;
  /** Hears every stderr line (set it to act on `job taken`, `chunk done`, ...). */
  onLine: ((line: string) => void) | null;
};

export type StartWorkerOptions = {
  readonly workerCli: string;
  readonly redisUrl: string;
  readonly queue: string;
  readonly name: string;
  /** Holds the worker's cache (`cache-<name>`) and its private job folders. */
  readonly tmp: string;
  readonly cwd: string;
  readonly flags?: readonly string[];
};

/** Starts a worker; resolves when it is ready, rejects when it exits before. `started` hears it at once (to stop it in an afterAll). */
export function startWorkerProcess(options: StartWorkerOptions, started?: (worker: WorkerProcess) => void): Promise<WorkerProcess> {
  const { name, tmp } = options;
  const child = spawn(
    process.execPath,
    [options.workerCli, '--redis-url', options.redisUrl, '--queue', options.queue, '--name', name, '--cache-dir', join(tmp, `cache-${name}`), '--temp-dir', tmp, '--lock-seconds', '2', '--stalled-check-seconds', '1', ...(options.flags ?? [])],
    { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const worker: WorkerProcess = { name, child, stderr: '', exited: new Promise((done) => child.on('exit', (code) => done(code))), onLine: null };
  started?.(worker);
  let pending = '';
  return new Promise((ready, fail) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"worker started"')) ready(worker);
        worker.onLine?.(line);
      }
    });
    child.on('exit', (code) => fail(new Error(`wf-worker ${name} exited (${code}) before it was ready: ${worker.stderr}`)));
  });
}

/** SIGTERM (finish the running job, exit 0) unless it already exited; resolves to its exit code. */
export async function stopWorkerProcess(worker: WorkerProcess): Promise<number | null> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return worker.exited;
}

/** SIGKILL of every worker still running (an afterAll). */
export async function killWorkerProcesses(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }),
  );
}
