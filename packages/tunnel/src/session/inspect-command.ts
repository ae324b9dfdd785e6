import type {
  McpExchangeSummary,
  McpTrafficInspector,
  SshIdentity,
  TrafficEvent,
  TrafficFilter,
  TrafficViewer,
} from '@gatehouse/core';
import { isRouteName } from '../forwards/route-name.ts';

export interface InspectContext {
  readonly identity: SshIdentity;
  readonly traffic: McpTrafficInspector | undefined;
  /** Aborted when the SSH channel is gone: ends `--follow`. */
  readonly gone: AbortSignal | undefined;
  out(line: string): void;
}

export type InspectOutcome = { readonly ok: true } | { readonly ok: false; readonly usage: string };

/** Exchanges shown before `--follow` starts streaming, oldest first. */
const RECENT = 50;

/**
 * One exchange as a line: time, route, method, target, decision, status, latency, client. A
 * call still in progress (forwarded, answer not ended: a long SSE stream) reads `pending` and
 * `…`; its `complete` line follows when the answer ends.
 */
export function formatExchange(e: McpExchangeSummary): string {
  const time = new Date(e.timings.startedAt).toISOString().slice(11, 23);
  const target = e.target === undefined ? '' : ` ${JSON.stringify(e.target)}`;
  const status = e.inProgress ? 'pending' : String(e.status);
  const ms = e.inProgress
    ? '…'
    : e.timings.totalMs === undefined
      ? '-'
      : `${Math.round(e.timings.totalMs)}ms`;
  const rpc = e.rpcError === undefined ? '' : ` rpc-error ${e.rpcError}`;
  const client =
    e.clientName === undefined
      ? ''
      : `  ${e.clientName}${e.clientVersion ? `/${e.clientVersion}` : ''}`;
  const replay = e.replayOf === undefined ? '' : `  replay-of ${e.replayOf}`;
  const truncated = e.truncated ? '  truncated' : '';
  return (
    `${time}  ${e.id}  ${e.route}  ${e.method}${target}  ${e.decision} ${status}${rpc}  ${ms}` +
    `  ${e.user ?? '-'}${client}${replay}${truncated}`
  );
}

/**
 * A `--json` line: the summary with the event kind first. `exchange`: a call seen for the first
 * time (the backlog, or a new call; `inProgress: true` when its answer is still coming);
 * `complete`: a call shown in progress whose answer has ended (same `id`).
 */
export function jsonLine(type: TrafficEvent['type'], e: McpExchangeSummary): string {
  return JSON.stringify({ event: type, ...e });
}

/** Text from the network: no terminal control characters reach the user's terminal. */
function printable(line: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/**
 * `ssh -p 2222 <host> inspect [--route r] [--follow] [--json]`: this account's captured MCP
 * calls, as lines or JSON lines (`{"event": "exchange"|"complete", …summary}`, for `jq`).
 * Ownership is the port's job.
 */
export async function runInspect(
  args: readonly string[],
  ctx: InspectContext,
): Promise<InspectOutcome> {
  let route: string | undefined;
  let follow = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--follow' || arg === '-f') follow = true;
    else if (arg === '--json') json = true;
    else if (arg === '--route' && args[i + 1] !== undefined && isRouteName(args[i + 1] ?? '')) {
      route = args[i + 1];
      i++;
    } else return { ok: false, usage: 'inspect takes [--route r] [--follow] [--json]' };
  }
  if (ctx.traffic === undefined) {
    return { ok: false, usage: 'the traffic inspector is not available on this server' };
  }
  const traffic = ctx.traffic;
  const viewer: TrafficViewer = { userId: ctx.identity.userId, admin: false };
  // A bare route name means the viewer's own route in their namespace.
  const filter: TrafficFilter =
    route === undefined ? {} : { route: `${route}.${ctx.identity.namespace}` };
  const print = (type: TrafficEvent['type'], e: McpExchangeSummary): void =>
    ctx.out(json ? jsonLine(type, e) : printable(formatExchange(e)));
  const gone = ctx.gone;
  const following = follow && gone !== undefined;
  // Following: subscribe BEFORE listing, hold live events until the backlog is out, then drop
  // what the backlog already showed (a call listed in progress still gets its `complete`).
  const queued: TrafficEvent[] = [];
  const backlog = { out: false };
  const stop = following
    ? traffic.subscribe(viewer, filter, (event) => {
        if (backlog.out) print(event.type, event.exchange);
        else queued.push(event);
      })
    : undefined;
  const recent = await traffic.list(viewer, { ...filter, limit: RECENT });
  if (!follow && recent.length === 0 && !json) ctx.out('No MCP calls captured yet.');
  for (const e of [...recent].reverse()) print('exchange', e);
  if (stop === undefined || gone === undefined) return { ok: true };
  const listed = new Map(recent.map((e) => [e.id, e.inProgress]));
  for (const event of queued) {
    const shown = listed.get(event.exchange.id);
    if (shown === undefined || (event.type === 'complete' && shown))
      print(event.type, event.exchange);
  }
  backlog.out = true;
  await new Promise<void>((resolve) => {
    const end = (): void => {
      stop();
      resolve();
    };
    if (gone.aborted) end();
    else gone.addEventListener('abort', end, { once: true });
  });
  return { ok: true };
}
