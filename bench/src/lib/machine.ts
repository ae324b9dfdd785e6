import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly autocannon: string;
  /** 1-minute load average when the run started: other work on the machine skews the numbers. */
  readonly loadAverage: number;
}

/** `PRETTY_NAME` from /etc/os-release, else the kernel's own name. */
function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(
      readFileSync('/etc/os-release', 'utf8'),
    )?.[1];
    if (pretty !== undefined) return `${pretty} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    // Not Linux, or no os-release: the generic name below will do.
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

function autocannonVersion(): string {
  const pkg = createRequire(import.meta.url)('autocannon/package.json') as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** The machine the numbers were measured on, for the report. */
export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: osName(),
    node: process.version,
    autocannon: autocannonVersion(),
    loadAverage: os.loadavg()[0] ?? 0,
  };
}
