/**
 * Test support shared by the packages' process-level tests: run a compiled Node script as a
 * real child process to its end (the root vitest globalSetup has built dist/ already).
 */
import { spawn } from 'node:child_process';

export type ScriptResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The running child as an stderr-line callback sees it. */
export type RunningScript = { readonly pid: number; kill(signal: NodeJS.Signals): void };

export type RunNodeScriptOptions = {
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Sees every complete stderr line as it arrives; may signal the child (crash tests). */
  readonly onStderrLine?: (line: string, child: RunningScript) => void;
};

export function runNodeScript(options: RunNodeScriptOptions): Promise<ScriptResult> {
  const { onStderrLine } = options;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [options.script, ...options.args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const running: RunningScript = { pid: child.pid ?? 0, kill: (signal) => child.kill(signal) };
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      if (onStderrLine === undefined) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onStderrLine(line, running);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}
