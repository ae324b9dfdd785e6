import { header, openStream, ProbeError, type FirstBytes, type ProbeSettings } from '../http.ts';
import { McpSession } from '../mcp-session.ts';
import { fail, pass, warn, type CheckResult } from '../types.ts';

const ID = 'sse';
/** How long Claude's proxy waits for the first byte of a stream (hosts-and-anchors.md §4). */
const HOST_FIRST_BYTE_LIMIT_MS = 30_000;
const BUFFER_FIX =
  'turn off response buffering for the MCP URL in every proxy/CDN in front of it (nginx: proxy_buffering off; honour X-Accel-Buffering: no), so events reach the host as they are sent';

const LISTEN_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'subscriptions/listen',
  params: {
    notifications: { toolsListChanged: true, resourcesListChanged: true, promptsListChanged: true },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'gatehouse-doctor', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});

function verdict(first: FirstBytes, waitedMs: number, what: string): CheckResult {
  if (first.kind === 'timeout')
    return fail(
      ID,
      `no byte of the ${what} arrived within ${String(Math.round(waitedMs / 1000))} s while it stayed open: something buffers the response`,
      BUFFER_FIX,
    );
  if (first.kind === 'ended')
    return warn(ID, `the ${what} ended without an event; buffering could not be measured`);
  if (first.ended)
    return warn(ID, `the ${what} ended with its first bytes; buffering could not be measured`);
  return pass(ID, `the first bytes of the ${what} arrived while it stayed open (not buffered)`);
}

/**
 * An SSE stream must reach the host as it is written, or hosts time out waiting for the first
 * byte. Measured on a stream that stays open: 2026-07-28 `subscriptions/listen` (acknowledged
 * at once), else a 2025-era GET stream (first byte = the server's keep-alive comment).
 */
export async function checkSse(
  mcp: URL,
  token: string,
  settings: ProbeSettings,
): Promise<CheckResult> {
  const started = Date.now();
  let listen;
  try {
    listen = await openStream(
      mcp,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'subscriptions/listen',
        },
        body: LISTEN_BODY,
      },
      settings,
    );
  } catch (error) {
    // A buffering edge may hold back the headers too: nothing at all arrives.
    if (error instanceof ProbeError && error.code === 'timeout')
      return verdict({ kind: 'timeout' }, settings.timeoutMs, 'subscriptions/listen stream');
    throw error;
  }
  if (listen.status === 401) {
    listen.close();
    return fail(
      ID,
      'the token was refused (401)',
      'pass a valid access token for this MCP URL (--token or GATEHOUSE_DOCTOR_TOKEN)',
    );
  }
  if (
    listen.status === 200 &&
    header(listen.headers, 'content-type').includes('text/event-stream')
  ) {
    const wait = Math.max(settings.timeoutMs - (Date.now() - started), 1000);
    const first = await listen.firstBytes(wait);
    listen.close();
    return verdict(first, wait, 'subscriptions/listen stream');
  }
  listen.close();
  return legacyStream(mcp, token, settings);
}

async function legacyStream(
  mcp: URL,
  token: string,
  settings: ProbeSettings,
): Promise<CheckResult> {
  const session = new McpSession(mcp, token, settings);
  const init = await session.call('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'gatehouse-doctor', version: '1' },
  });
  if (init.message?.['result'] === undefined)
    return warn(
      ID,
      `no stream to measure: subscriptions/listen is not served and initialize answered ${String(init.status)}`,
    );
  await session.notify('notifications/initialized');
  try {
    const wait = Math.max(settings.timeoutMs, HOST_FIRST_BYTE_LIMIT_MS);
    let stream;
    try {
      stream = await openStream(
        mcp,
        { method: 'GET', headers: { ...session.headers(), accept: 'text/event-stream' } },
        { ...settings, timeoutMs: wait },
      );
    } catch (error) {
      if (error instanceof ProbeError && error.code === 'timeout')
        return verdict({ kind: 'timeout' }, wait, 'GET event stream');
      throw error;
    }
    if (stream.status !== 200) {
      stream.close();
      return warn(ID, `no stream to measure: the GET stream answered ${String(stream.status)}`);
    }
    const first = await stream.firstBytes(wait);
    stream.close();
    return verdict(first, wait, 'GET event stream');
  } finally {
    await session.close();
  }
}
