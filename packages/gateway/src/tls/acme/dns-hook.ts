import { spawn } from 'node:child_process';
import { GatehouseError } from '@gatehouse/core';

const HOOK_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs `<hook> present|cleanup <fqdn> <txt value>` (DNS-01, RFC 8555 §8.4). The hook must exit
 * 0 once the TXT record is visible. A failure names the hook, its exit and its last stderr line.
 */
export function runDnsHook(
  hook: string,
  action: 'present' | 'cleanup',
  fqdn: string,
  value: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(hook, [action, fqdn, value], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), HOOK_TIMEOUT_MS);
    const fail = (detail: string, cause?: unknown): void =>
      reject(
        new GatehouseError(
          'ERR_ACME_DNS_HOOK',
          `tls.acme.dns_hook ${action} ${fqdn} failed (${detail}); fix the hook (${hook}) or its DNS credentials`,
          { cause },
        ),
      );
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error.message, error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').at(-1) ?? '';
      fail(
        `${signal === null ? `exit ${String(code)}` : `killed by ${signal}`}${last === '' ? '' : `: ${last}`}`,
      );
    });
  });
}
