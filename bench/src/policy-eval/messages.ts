/** What the benchmark (parent) and a worker process say to each other over the IPC channel. */

/** Parent → worker: run one timed batch of this many seconds. */
export interface BatchRequest {
  readonly type: 'batch';
  readonly seconds: number;
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly evaluations: number; readonly elapsedNs: number }
  | { readonly type: 'error'; readonly message: string };
