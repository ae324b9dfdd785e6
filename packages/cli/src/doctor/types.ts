/** What one check concluded. `warn` never fails the run; `skip` says why it could not run. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One line of the report. `id` is stable (scripts match on it); `fix` is null unless needed. */
export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly fix: string | null;
}

export interface DoctorReport {
  readonly url: string;
  /** True when no check failed (warnings and skips do not count). */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

export interface DoctorOptions {
  /** The public MCP URL, exactly as it will be pasted into ChatGPT or Claude. */
  readonly url: URL;
  /** An access token for the MCP URL; enables the checks that need one. Never printed. */
  readonly token?: string;
  /** Extra trusted CA certificates (PEM) for private or test CAs. */
  readonly ca?: readonly string[];
  /** curl-style overrides: `host:port` → IP address. */
  readonly resolve?: ReadonlyMap<string, string>;
  /** Per-request and per-check time limit. */
  readonly timeoutMs: number;
  /** Origin sent with the CORS preflight. */
  readonly origin: string;
  /**
   * Testing only: an https origin standing in for https://chatgpt.com and https://claude.ai in
   * the host-shaped client ids, so tests never make a server fetch a real outside document.
   */
  readonly hostCimdBase?: URL;
}

export const pass = (id: string, message: string): CheckResult => ({
  id,
  status: 'pass',
  message,
  fix: null,
});
export const fail = (id: string, message: string, fix: string): CheckResult => ({
  id,
  status: 'fail',
  message,
  fix,
});
export const warn = (id: string, message: string, fix: string | null = null): CheckResult => ({
  id,
  status: 'warn',
  message,
  fix,
});
export const skip = (id: string, message: string): CheckResult => ({
  id,
  status: 'skip',
  message,
  fix: null,
});
