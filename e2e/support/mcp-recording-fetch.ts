import { localFetch } from './mcp-oauth.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** `localFetch` that remembers each request's method, URL and headers (never the body). */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    requests.push({ method: init?.method ?? 'GET', url, headers });
    return localFetch(input instanceof Request ? input.url : input, init);
  }) as typeof fetch;
  return { fetch: wrapped, requests };
}
