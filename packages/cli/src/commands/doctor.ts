import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { lastOption, parseArgs } from '../args.ts';
import { runDoctor } from '../doctor/doctor.ts';
import { formatHuman, formatJson } from '../doctor/report.ts';
import type { CliIo } from '../io.ts';

const DOCTOR_USAGE =
  'usage: gatehouse doctor <https-mcp-url> [--token <t>] [--json] [--ca-file <pem>]... ' +
  '[--resolve <host:port:address>]... [--timeout <seconds>] [--origin <origin>]';

/** Where the token may come from instead of the command line (shell history). */
const TOKEN_ENV = 'GATEHOUSE_DOCTOR_TOKEN';

const usage = (message: string) =>
  new GatehouseError('ERR_CLI_USAGE', `${message}\n${DOCTOR_USAGE}`);

function parseUrl(text: string | undefined): URL {
  if (text === undefined) throw usage('gatehouse doctor needs the public MCP URL');
  if (!URL.canParse(text)) throw usage(`"${text}" is not a URL`);
  const url = new URL(text);
  if (url.protocol !== 'https:')
    throw usage(`${url.href} is not https: ChatGPT and Claude only connect to https MCP URLs`);
  if (url.username !== '' || url.password !== '' || url.hash !== '')
    throw usage('the MCP URL must not carry credentials or a #fragment');
  return url;
}

/** curl's `--resolve host:port:address` (an IPv6 address may be in brackets). */
function parseResolve(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const match = /^([^:]+):(\d{1,5}):\[?([^\]]+)\]?$/.exec(value);
    if (match === null || isIP(match[3] ?? '') === 0)
      throw usage(
        `--resolve ${value}: expected host:port:address, e.g. app.example.com:443:203.0.113.7`,
      );
    map.set(`${(match[1] ?? '').toLowerCase()}:${match[2] ?? ''}`, match[3] ?? '');
  }
  return map;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300)
    throw usage(`--timeout ${text}: seconds between 0 and 300`);
  return Math.round(seconds * 1000);
}

function parseOrigin(
  text: string | undefined,
  flag: string,
  fallback?: string,
): string | undefined {
  if (text === undefined) return fallback;
  if (!URL.canParse(text) || new URL(text).origin !== text)
    throw usage(`--${flag} ${text}: expected an origin such as https://example.com (no path)`);
  return text;
}

async function readCaFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const pems: string[] = [];
  for (const path of paths) {
    const text = await readFile(resolvePath(cwd, path), 'utf8').catch((error: unknown) => {
      throw new GatehouseError(
        'ERR_CLI_DOCTOR_CA_FILE',
        `--ca-file ${path}: cannot read it (${error instanceof Error && 'code' in error ? String(error.code) : 'error'})`,
      );
    });
    if (!text.includes('-----BEGIN CERTIFICATE-----'))
      throw new GatehouseError(
        'ERR_CLI_DOCTOR_CA_FILE',
        `--ca-file ${path}: no PEM certificate in it`,
      );
    pems.push(text);
  }
  return pems;
}

/**
 * `gatehouse doctor <https-mcp-url>`: checks a public deployment the way ChatGPT and Claude
 * will. Exit 0 when nothing a host needs failed (warnings allowed), 1 otherwise, 64 on usage.
 */
export async function doctorCommand(
  argv: readonly string[],
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['token', 'ca-file', 'resolve', 'timeout', 'origin', 'host-cimd-base'],
    switches: ['json'],
  });
  if (args.positionals.length !== 2) throw usage('gatehouse doctor takes exactly one URL');
  const url = parseUrl(args.positionals[1]);
  const token = lastOption(args, 'token') ?? env[TOKEN_ENV];
  const base = parseOrigin(lastOption(args, 'host-cimd-base'), 'host-cimd-base');
  if (base !== undefined && !base.startsWith('https://'))
    throw usage('--host-cimd-base must be an https origin');
  const report = await runDoctor({
    url,
    ...(token === undefined || token === '' ? {} : { token }),
    ca: await readCaFiles(args.options.get('ca-file') ?? [], io.cwd),
    resolve: parseResolve(args.options.get('resolve') ?? []),
    timeoutMs: parseTimeout(lastOption(args, 'timeout')),
    origin:
      parseOrigin(lastOption(args, 'origin'), 'origin', 'http://localhost:6274') ??
      'http://localhost:6274',
    ...(base === undefined ? {} : { hostCimdBase: new URL(base) }),
  });
  io.out(args.options.has('json') ? formatJson(report) : formatHuman(report));
  return report.ok ? 0 : 1;
}
