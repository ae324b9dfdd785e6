import type { CapturedBody, McpExchange } from '@gatehouse/core';
import { originOf } from './format.ts';

/** HAR 1.2 (W3C Web Performance WG draft, "HTTP Archive format"): the parts a viewer reads. */
interface HarHeader {
  readonly name: string;
  readonly value: string;
}

const headers = (record: Readonly<Record<string, string>>): HarHeader[] =>
  Object.entries(record).map(([name, value]) => ({ name, value }));

const mimeOf = (record: Readonly<Record<string, string>>): string =>
  record['content-type'] ?? 'application/octet-stream';

const bodyText = (body: CapturedBody | undefined): string => body?.text ?? '';

/**
 * The selected exchanges as a HAR log. Headers and bodies are the captured ones, so masked
 * (Authorization, cookies, secret-like keys) and possibly truncated (the comment says so).
 */
export function harOf(exchanges: readonly McpExchange[], scheme: string): unknown {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Gatehouse inspector', version: '1' },
      entries: exchanges.map((x) => {
        const origin = originOf(x, scheme) ?? 'https://route-host.invalid';
        const wait = x.timings.upstreamFirstByteMs ?? 0;
        const total = x.timings.totalMs ?? wait;
        return {
          startedDateTime: new Date(x.timings.startedAt).toISOString(),
          time: total,
          request: {
            method: x.httpMethod,
            url: `${origin}${x.path}`,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headers(x.requestHeaders),
            queryString: [],
            ...(x.request === undefined
              ? {}
              : { postData: { mimeType: mimeOf(x.requestHeaders), text: bodyText(x.request) } }),
            headersSize: -1,
            bodySize: x.requestBytes,
          },
          response: {
            status: x.status,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headers(x.responseHeaders),
            content: {
              size: x.responseBytes,
              mimeType: mimeOf(x.responseHeaders),
              text: bodyText(x.response),
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: x.responseBytes,
          },
          cache: {},
          timings: { send: 0, wait, receive: Math.max(0, total - wait) },
          comment: x.truncated ? 'captured bodies truncated by gatehouse' : '',
          _gatehouse: {
            id: x.id,
            route: x.routeId,
            method: x.method,
            target: x.target ?? null,
            decision: x.decision,
            reasons: x.reasons,
            replayOf: x.replayOf ?? null,
          },
        };
      }),
    },
  };
}
