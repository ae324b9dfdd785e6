import { getCACertificates } from 'node:tls';
import { checkAsFields, checkAsMetadata, type AsMetadata } from './checks/as-metadata.ts';
import { checkChallenge } from './checks/challenge.ts';
import { checkCors } from './checks/cors.ts';
import { checkHostClient, HOST_CLIENTS } from './checks/host-clients.ts';
import { checkMcpApp } from './checks/mcp-app.ts';
import { checkPrm, type ResourceMetadata } from './checks/prm.ts';
import { checkSse } from './checks/sse.ts';
import { checkTls } from './checks/tls.ts';
import { checkTokenErrors } from './checks/token-errors.ts';
import { ProbeError, type ProbeSettings } from './http.ts';
import { fail, skip, type CheckResult, type DoctorOptions, type DoctorReport } from './types.ts';

const AS_CHECKS = [
  'as-metadata',
  'as-pkce',
  'as-iss',
  'as-cimd',
  'as-auth-methods',
  'token-errors',
  'client-chatgpt',
  'client-claude',
];
const TOKEN_CHECKS = ['sse', 'tools-list', 'ui-extension', 'ui-resource', 'ui-csp'];

/**
 * The public web PKI as seen from here: Node's bundled Mozilla roots plus this machine's store,
 * and any `--ca-file` (a private or test CA).
 */
function trustedCas(extra: readonly string[]): string[] {
  let system: string[];
  try {
    system = getCACertificates('system');
  } catch {
    system = []; // no readable system store: the bundled roots still stand for the public PKI
  }
  return [...getCACertificates('bundled'), ...system, ...extra];
}

/** Each check (several requests) gets this many request time limits before it is given up. */
const CHECK_LIMIT_FACTOR = 3;
const checkLimit = (settings: ProbeSettings): number => settings.timeoutMs * CHECK_LIMIT_FACTOR;

/** The 2025-era stream fallback may wait this long for a keep-alive (see checks/sse.ts). */
const SSE_GET_LIMIT_MS = 30_000;

class CheckTimeout extends Error {}

/**
 * Runs one check within its time limit; a network failure or an overrun becomes that check's
 * failure, never an exception.
 */
async function guard<T>(
  id: string,
  limitMs: number,
  run: () => Promise<T>,
): Promise<T | CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), limitMs);
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (error) {
    if (error instanceof CheckTimeout)
      return fail(
        id,
        `the check did not finish within ${String(Math.round(limitMs / 1000))} s`,
        'make sure the server answers promptly (or raise --timeout)',
      );
    if (error instanceof ProbeError)
      return fail(
        id,
        error.message,
        'make sure the server answers over https within the time limit (--timeout)',
      );
    return fail(
      id,
      `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      'report this as a bug in gatehouse doctor',
    );
  } finally {
    clearTimeout(timer);
  }
}

const flat = (value: CheckResult | CheckResult[]): CheckResult[] =>
  Array.isArray(value) ? value : [value];

/** True for a check result (what `guard` returns when the check itself threw). */
function isCheck(value: unknown): value is CheckResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'id' in value;
}

/**
 * Checks a public MCP deployment the way ChatGPT and Claude will, in the order they go: TLS,
 * the 401 challenge, protected-resource metadata, authorization server metadata, their own
 * client registration, then (with a token) streaming and the MCP App itself.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { url } = options;
  const ca = trustedCas(options.ca ?? []);
  const resolve = options.resolve ?? new Map<string, string>();
  const checks: CheckResult[] = [];
  let trusted: boolean;
  try {
    const tls = await checkTls('tls', url, ca, resolve, options.timeoutMs);
    checks.push(tls.result);
    trusted = tls.trusted;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return finish(options, [
      fail(
        'reach',
        message,
        'check the host name, its DNS record, the port, and that the server is running and reachable from the internet',
      ),
    ]);
  }
  const settings: ProbeSettings = { ca, resolve, timeoutMs: options.timeoutMs, insecure: !trusted };

  const challenge = await guard('challenge', checkLimit(settings), () =>
    checkChallenge(url, settings),
  );
  checks.push(isCheck(challenge) ? challenge : challenge.result);
  const resourceMetadata = isCheck(challenge) ? undefined : challenge.resourceMetadata;
  const challengeScope = isCheck(challenge) ? undefined : challenge.scope;

  let prm: ResourceMetadata | undefined;
  const prmOutcome = await guard('prm-path', checkLimit(settings), () =>
    checkPrm(url, settings, resourceMetadata),
  );
  if (isCheck(prmOutcome)) checks.push(prmOutcome);
  else {
    for (const outcome of [prmOutcome.path, prmOutcome.root, prmOutcome.challenge]) {
      if (outcome === undefined) continue;
      checks.push(outcome.result);
      prm ??= outcome.metadata;
    }
  }

  checks.push(...(await authorizationServerChecks(options, settings, prm, challengeScope)));
  checks.push(
    flat(
      await guard('cors', checkLimit(settings), () => checkCors(url, options.origin, settings)),
    )[0] ?? skip('cors', 'not run'),
  );
  checks.push(...(await tokenChecks(options, settings, trusted)));
  return finish(options, checks);
}

async function authorizationServerChecks(
  options: DoctorOptions,
  settings: ProbeSettings,
  prm: ResourceMetadata | undefined,
  challengeScope: string | undefined,
): Promise<CheckResult[]> {
  const issuerText = prm?.authorizationServers[0];
  if (issuerText === undefined)
    return AS_CHECKS.map((id) =>
      skip(id, 'not checked: no authorization server known (protected-resource metadata missing)'),
    );
  const issuer = new URL(issuerText);
  const checks: CheckResult[] = [];
  if (issuer.origin !== options.url.origin) {
    const tls = await guard(
      'as-tls',
      checkLimit(settings),
      async () =>
        (await checkTls('as-tls', issuer, settings.ca, settings.resolve, settings.timeoutMs))
          .result,
    );
    checks.push(...flat(tls));
  }
  const as = await guard('as-metadata', checkLimit(settings), () =>
    checkAsMetadata(issuer, settings),
  );
  const doc: AsMetadata | undefined = isCheck(as) ? undefined : as.metadata;
  checks.push(isCheck(as) ? as : as.result);
  if (doc === undefined)
    return [
      ...checks,
      ...AS_CHECKS.slice(1).map((id) => skip(id, 'not checked: no authorization server metadata')),
    ];
  checks.push(...checkAsFields(doc));
  checks.push(
    ...flat(
      await guard('token-errors', checkLimit(settings), () => checkTokenErrors(doc, settings)),
    ),
  );
  const scope = challengeScope ?? prm?.scopes.join(' ') ?? '';
  for (const client of HOST_CLIENTS) {
    checks.push(
      ...flat(
        await guard(client.id, checkLimit(settings), () =>
          checkHostClient(client, doc, options.url, scope, settings, options.hostCimdBase),
        ),
      ),
    );
  }
  return checks;
}

async function tokenChecks(
  options: DoctorOptions,
  settings: ProbeSettings,
  trusted: boolean,
): Promise<CheckResult[]> {
  const token = options.token;
  if (token === undefined || token === '')
    return TOKEN_CHECKS.map((id) =>
      skip(id, 'needs an access token: --token or GATEHOUSE_DOCTOR_TOKEN'),
    );
  if (!trusted)
    return TOKEN_CHECKS.map((id) =>
      skip(id, 'not run: the token is never sent over a connection whose certificate failed'),
    );
  const sse = flat(
    await guard('sse', checkLimit(settings) + SSE_GET_LIMIT_MS, () =>
      checkSse(options.url, token, settings),
    ),
  );
  const app = flat(
    await guard('tools-list', 2 * checkLimit(settings), () =>
      checkMcpApp(options.url, token, settings),
    ),
  );
  const ran = new Set([...sse, ...app].map((c) => c.id));
  const missing = TOKEN_CHECKS.filter((id) => !ran.has(id)).map((id) =>
    skip(id, 'not checked: tools/list failed'),
  );
  return [...sse, ...app, ...missing];
}

/** The report; the token never appears in it, whatever a server echoed back. */
function finish(options: DoctorOptions, checks: CheckResult[]): DoctorReport {
  const token = options.token;
  const clean = (text: string): string =>
    token === undefined || token === '' ? text : text.split(token).join('[token]');
  const cleaned = checks.map((c) => ({
    ...c,
    message: clean(c.message),
    fix: c.fix === null ? null : clean(c.fix),
  }));
  return { url: options.url.href, ok: cleaned.every((c) => c.status !== 'fail'), checks: cleaned };
}
