import type { ProbeSettings } from '../http.ts';
import { McpSession } from '../mcp-session.ts';
import { fail, pass, skip, warn, type CheckResult } from '../types.ts';

const UI_EXTENSION = 'io.modelcontextprotocol/ui';
const UI_MIME = 'text/html;profile=mcp-app';

const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** The UI resource a tool links (`_meta.ui.resourceUri`, or the older flat key). */
function linkedResource(tool: Record<string, unknown>): string | undefined {
  const meta = obj(tool['_meta']);
  const nested = obj(meta?.['ui'])?.['resourceUri'];
  const flat = meta?.['ui/resourceUri'];
  return typeof nested === 'string' ? nested : typeof flat === 'string' ? flat : undefined;
}

/**
 * With a token, what a host does after sign-in: initialize declaring the MCP Apps extension
 * (SEP-1865 negotiation), `tools/list`, and `resources/read` of a tool's UI resource — its MIME
 * type and `_meta.ui.csp` decide whether the widget renders.
 */
export async function checkMcpApp(
  mcp: URL,
  token: string,
  settings: ProbeSettings,
): Promise<CheckResult[]> {
  const session = new McpSession(mcp, token, settings);
  try {
    const init = await session.call('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: { extensions: { [UI_EXTENSION]: { mimeTypes: [UI_MIME] } } },
      clientInfo: { name: 'gatehouse-doctor', version: '1' },
    });
    if (init.status === 401 || init.status === 403) {
      const fix =
        'pass a valid access token for exactly this MCP URL (--token or GATEHOUSE_DOCTOR_TOKEN); tokens expire after minutes';
      return [fail('tools-list', `the token was refused (${String(init.status)})`, fix)];
    }
    const result = obj(init.message?.['result']);
    if (result === undefined)
      return [
        fail(
          'tools-list',
          `initialize answered ${String(init.status)} without a result`,
          'check the MCP server behind the route (its log says why)',
        ),
      ];
    const extensions = obj(obj(result['capabilities'])?.['extensions']);
    const extension =
      extensions?.[UI_EXTENSION] !== undefined
        ? pass('ui-extension', `the server declares the ${UI_EXTENSION} extension`)
        : fail(
            'ui-extension',
            `initialize does not declare capabilities.extensions["${UI_EXTENSION}"]`,
            'declare the MCP Apps extension in the server capabilities, so hosts know the tools have widgets',
          );
    await session.notify('notifications/initialized');
    const list = await session.call('tools/list', {});
    const tools = (obj(list.message?.['result'])?.['tools'] ?? undefined) as unknown;
    if (!Array.isArray(tools))
      return [
        fail(
          'tools-list',
          `tools/list answered ${String(list.status)} without a tool list`,
          'check the MCP server behind the route',
        ),
        extension,
      ];
    const names = tools.map((t) => {
      const name = obj(t)?.['name'];
      return typeof name === 'string' ? name : '?';
    });
    const results: CheckResult[] = [
      pass('tools-list', `${String(tools.length)} tools: ${names.join(', ').slice(0, 120)}`),
      extension,
    ];
    const linked = tools
      .map((t) => obj(t))
      .find((t) => t !== undefined && linkedResource(t) !== undefined);
    const uri = linked === undefined ? undefined : linkedResource(linked);
    if (uri === undefined) {
      results.push(
        skip('ui-resource', 'no tool links a UI resource (_meta.ui.resourceUri): text only'),
      );
      results.push(skip('ui-csp', 'no UI resource'));
      return results;
    }
    results.push(...(await checkResource(session, uri)));
    return results;
  } finally {
    await session.close();
  }
}

async function checkResource(session: McpSession, uri: string): Promise<CheckResult[]> {
  const read = await session.call('resources/read', { uri });
  const contents = obj(read.message?.['result'])?.['contents'];
  const first = Array.isArray(contents) ? obj(contents[0]) : undefined;
  if (first === undefined)
    return [
      fail(
        'ui-resource',
        `resources/read ${uri} answered ${String(read.status)} without contents`,
        'serve the widget resource the tool links',
      ),
      skip('ui-csp', 'no UI resource'),
    ];
  const mime = typeof first['mimeType'] === 'string' ? first['mimeType'] : 'none';
  const mimeResult =
    mime === UI_MIME
      ? pass('ui-resource', `${uri} is ${UI_MIME}`)
      : fail(
          'ui-resource',
          `${uri} has MIME type ${mime}, not ${UI_MIME}: hosts will not render it`,
          `serve the widget with mimeType "${UI_MIME}" (MCP Apps, SEP-1865)`,
        );
  let csp = obj(obj(obj(first['_meta'])?.['ui'])?.['csp']);
  if (csp === undefined) {
    const listed = await session.call('resources/list', {});
    const resources = obj(listed.message?.['result'])?.['resources'];
    const entry = Array.isArray(resources)
      ? resources.map(obj).find((r) => r?.['uri'] === uri)
      : undefined;
    csp = obj(obj(obj(entry?.['_meta'])?.['ui'])?.['csp']);
  }
  const cspResult =
    csp === undefined
      ? warn(
          'ui-csp',
          `${uri} declares no _meta.ui.csp: the widget gets the host's strictest policy`,
          'declare _meta.ui.csp (connectDomains, resourceDomains) for every origin the widget loads from',
        )
      : pass('ui-csp', `_meta.ui.csp declared (${Object.keys(csp).join(', ') || 'empty'})`);
  return [mimeResult, cspResult];
}
