import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { configFromText, startGateway, type RunningGateway } from '@gatehouse/gateway';
import { recordingLogger } from './gateway-harness.ts';
import type { Pebble } from './pebble.ts';

export type RecordingLogger = ReturnType<typeof recordingLogger>;

/** A gateway with `tls.acme` pointed at a test pebble; `extra` is appended to the YAML. */
export async function startAcmeGateway(input: {
  readonly dir: string;
  readonly port: number;
  readonly pebble: Pebble;
  readonly extra?: string;
  readonly acmeExtra?: string;
  readonly logger?: RecordingLogger;
}): Promise<{ gateway: RunningGateway; logger: RecordingLogger }> {
  const logger = input.logger ?? recordingLogger();
  const gateway = await startGateway({
    config: acmeConfig(input),
    logger,
    acmeRetry: { minMs: 500, maxMs: 2_000 },
  });
  return { gateway, logger };
}

/** The config `startAcmeGateway` starts with (for `reload`). */
export function acmeConfig(input: {
  readonly dir: string;
  readonly port: number;
  readonly pebble: Pebble;
  readonly extra?: string;
  readonly acmeExtra?: string;
}) {
  const yaml = `listen: 127.0.0.1:${input.port}
authenticate_service_url: https://auth.example.test:${input.port}
data_dir: ${input.dir}/data
tls:
  acme:
    email: ops@example.test
    directory_url: ${input.pebble.directoryUrl}
    trusted_ca_file: ${input.pebble.caFile}
${input.acmeExtra ?? ''}
${input.extra ?? ''}
`;
  return configFromText(yaml, join(input.dir, 'gatehouse.yaml'));
}

/** The lines a logger got with `msg` matching. */
export function logged(logger: RecordingLogger, pattern: RegExp): string[] {
  return logger.lines.map((l) => l.msg ?? '').filter((m) => pattern.test(m));
}

/** Runs the real curl against 127.0.0.1 for `url`'s host, trusting only `caFile`. */
export function curl(
  url: string,
  caFile: string,
  port: number,
): Promise<{ code: number; out: string; err: string }> {
  const host = new URL(url).hostname;
  return new Promise((resolve) => {
    execFile(
      'curl',
      [
        '-sS',
        '--max-time',
        '30',
        '--cacert',
        caFile,
        '--resolve',
        `${host}:${port}:127.0.0.1`,
        url,
      ],
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), out: stdout, err: stderr }),
    );
  });
}
