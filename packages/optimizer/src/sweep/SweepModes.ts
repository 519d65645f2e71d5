/**
 * Implementation modes of a sweep. Each pair keeps the old style as a real, selectable
 * mode so the benchmark harness (@wf/bench, `wf-benchmarks`) can measure it against the
 * current one in real processes. Defaults are the current styles.
 */

/** `structural`: candidateSignature (no JSON on the hot path); `json`: the old sha256-of-JSON signature. */
export type SignatureStyle = 'structural' | 'json';
export const SIGNATURE_STYLES: readonly SignatureStyle[] = ['structural', 'json'];

/** `append`: one NDJSON append per candidate + O(K) checkpoint; `full-rewrite`: the whole results file rewritten at each checkpoint. */
export type CheckpointStyle = 'append' | 'full-rewrite';
export const CHECKPOINT_STYLES: readonly CheckpointStyle[] = ['append', 'full-rewrite'];

/** `watchdog`: one timer for the whole pool; `per-candidate-pool`: a fresh one-worker pool and timer per candidate. */
export type TimeoutStyle = 'watchdog' | 'per-candidate-pool';
export const TIMEOUT_STYLES: readonly TimeoutStyle[] = ['watchdog', 'per-candidate-pool'];

/** `threads`: worker_threads over shared market arrays; `processes`: child processes, each with its own copy. */
export type ExecutorKind = 'threads' | 'processes';
export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['threads', 'processes'];
