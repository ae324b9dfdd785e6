import type { PolicyInput } from '../input.ts';

const KEYS = ['http', 'session', 'user', 'mcp', 'ssh', 'now'];

/**
 * Turns a JSON input document into a PolicyInput: checks its shape, lower-cases header names and
 * reads `now` (ISO 8601; the current time when absent). Throws with the field that is wrong.
 */
export function toPolicyInput(document: unknown, clock: () => Date): PolicyInput {
  const doc = object(document, 'input');
  for (const key of Object.keys(doc)) {
    if (!KEYS.includes(key))
      throw new Error(`input.${key}: unknown field (expected ${KEYS.join(', ')})`);
  }
  const input: { -readonly [K in keyof PolicyInput]: PolicyInput[K] } = { now: clock() };
  if (doc['now'] !== undefined) {
    const now = typeof doc['now'] === 'string' ? new Date(doc['now']) : undefined;
    if (now === undefined || Number.isNaN(now.getTime())) {
      throw new Error('input.now: expected an ISO 8601 date-time, e.g. 2026-11-27T10:00:00Z');
    }
    input.now = now;
  }
  if (doc['http'] !== undefined) {
    const http = object(doc['http'], 'input.http');
    const headers = object(http['headers'] ?? {}, 'input.http.headers');
    input.http = {
      method: string(http['method'] ?? 'GET', 'input.http.method'),
      host: string(http['host'] ?? '', 'input.http.host'),
      path: string(http['path'] ?? '/', 'input.http.path'),
      ip: string(http['ip'] ?? '', 'input.http.ip'),
      headers: Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [
          k.toLowerCase(),
          string(v, `input.http.headers.${k}`),
        ]),
      ),
    };
  }
  if (doc['session'] !== undefined) {
    input.session = {
      id: string(object(doc['session'], 'input.session')['id'] ?? 'session', 'input.session.id'),
    };
  }
  if (doc['user'] !== undefined) {
    const user = object(doc['user'], 'input.user');
    const groups = user['groups'] ?? [];
    if (!Array.isArray(groups)) throw new Error('input.user.groups: expected a list of strings');
    input.user = {
      id: string(user['id'], 'input.user.id'),
      ...(user['email'] !== undefined && { email: string(user['email'], 'input.user.email') }),
      groups: groups.map((g, i) => string(g, `input.user.groups[${i}]`)),
      claims: object(user['claims'] ?? {}, 'input.user.claims'),
    };
  }
  if (doc['mcp'] !== undefined) {
    const mcp = object(doc['mcp'], 'input.mcp');
    const call =
      mcp['tool_call'] === undefined ? undefined : object(mcp['tool_call'], 'input.mcp.tool_call');
    input.mcp = {
      method: string(mcp['method'], 'input.mcp.method'),
      ...(call !== undefined && {
        tool_call: {
          name: string(call['name'], 'input.mcp.tool_call.name'),
          arguments: object(call['arguments'] ?? {}, 'input.mcp.tool_call.arguments'),
        },
      }),
    };
  }
  if (doc['ssh'] !== undefined) {
    const ssh = object(doc['ssh'], 'input.ssh');
    input.ssh = {
      username: string(ssh['username'], 'input.ssh.username'),
      publickey: string(ssh['publickey'] ?? '', 'input.ssh.publickey'),
    };
  }
  return input;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Error(`${path}: expected a string`);
  return value;
}
