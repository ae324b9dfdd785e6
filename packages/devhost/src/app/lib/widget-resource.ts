import type { ReadResourceResult, Resource } from '@modelcontextprotocol/client';
import type {
  McpUiResourceCsp,
  McpUiResourcePermissions,
} from '@modelcontextprotocol/ext-apps/app-bridge';

/** SEP-1865: the only MIME type a host renders as an MCP App view. */
const MCP_APP_MIME_TYPE = 'text/html;profile=mcp-app';

const CSP_KEYS = ['connectDomains', 'resourceDomains', 'frameDomains', 'baseUriDomains'] as const;
const PERMISSION_KEYS = ['camera', 'microphone', 'geolocation', 'clipboardWrite'] as const;

export interface WidgetResource {
  readonly uri: string;
  readonly html: string;
  /** Sent both in the sandbox URL and in sandbox-resource-ready, so the proxy can compare them. */
  readonly csp: McpUiResourceCsp;
  readonly permissions: McpUiResourcePermissions;
}

export type WidgetResourceOutcome =
  | { readonly ok: true; readonly resource: WidgetResource }
  | { readonly ok: false; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uiMetaOf(meta: unknown): Record<string, unknown> | undefined {
  if (!isRecord(meta)) return undefined;
  const ui = meta['ui'];
  return isRecord(ui) ? ui : undefined;
}

/** Keeps the four declared CSP lists, string entries only; the sandbox server sanitises further. */
function normaliseCsp(value: unknown): McpUiResourceCsp | undefined {
  if (!isRecord(value)) return undefined;
  const csp: McpUiResourceCsp = {};
  for (const key of CSP_KEYS) {
    const list = value[key];
    if (Array.isArray(list)) {
      csp[key] = list.filter((entry): entry is string => typeof entry === 'string');
    }
  }
  return csp;
}

function normalisePermissions(value: unknown): McpUiResourcePermissions | undefined {
  if (!isRecord(value)) return undefined;
  const permissions: McpUiResourcePermissions = {};
  for (const key of PERMISSION_KEYS) {
    if (isRecord(value[key])) permissions[key] = {};
  }
  return permissions;
}

/**
 * SEP-1865 (Apps draft, metadata location): `_meta.ui` on the resources/read content item wins,
 * then the resources/list entry. Each of csp and permissions is looked up on its own.
 */
export function resolveUiMeta(
  contentMeta: unknown,
  listEntryMeta: unknown,
): { csp: McpUiResourceCsp; permissions: McpUiResourcePermissions } {
  const fromContent = uiMetaOf(contentMeta);
  const fromList = uiMetaOf(listEntryMeta);
  return {
    csp: normaliseCsp(fromContent?.['csp']) ?? normaliseCsp(fromList?.['csp']) ?? {},
    permissions:
      normalisePermissions(fromContent?.['permissions']) ??
      normalisePermissions(fromList?.['permissions']) ??
      {},
  };
}

function decodeBase64Utf8(value: string): string {
  const binary = atob(value);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Turns a resources/read result into something the host can render, or a message naming the
 * problem: no contents, a MIME type other than text/html;profile=mcp-app, or no HTML.
 */
export function widgetResourceFrom(
  uri: string,
  result: ReadResourceResult,
  listEntry?: Pick<Resource, '_meta'>,
): WidgetResourceOutcome {
  const item = result.contents.find((content) => content.uri === uri) ?? result.contents[0];
  if (item === undefined) {
    return { ok: false, error: `Resource ${uri} returned no contents.` };
  }
  if (item.mimeType !== MCP_APP_MIME_TYPE) {
    const actual = item.mimeType === undefined ? 'no MIME type' : `MIME type "${item.mimeType}"`;
    return {
      ok: false,
      error:
        `Resource ${uri} has ${actual}; an MCP App view must be "${MCP_APP_MIME_TYPE}". Set ` +
        `mimeType: RESOURCE_MIME_TYPE (from @modelcontextprotocol/ext-apps/server) on the ` +
        `registered resource and on the contents it returns.`,
    };
  }
  let html: string;
  if ('text' in item && typeof item.text === 'string') {
    html = item.text;
  } else if ('blob' in item && typeof item.blob === 'string') {
    try {
      html = decodeBase64Utf8(item.blob);
    } catch {
      return { ok: false, error: `Resource ${uri} has a blob that is not base64-encoded UTF-8.` };
    }
  } else {
    html = '';
  }
  if (html.trim() === '') {
    return { ok: false, error: `Resource ${uri} has no HTML (empty text and no blob).` };
  }
  const { csp, permissions } = resolveUiMeta(item._meta, listEntry?._meta);
  return { ok: true, resource: { uri, html, csp, permissions } };
}
