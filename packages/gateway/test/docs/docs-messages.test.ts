import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './code-blocks.ts';

/*
 * The docs quote what users see. Each quote below must be in the doc (so this list stays about
 * the docs) and in the source file that prints it (so a reworded message fails here until the doc
 * follows). Whitespace is compared loosely: sources and Markdown wrap lines differently.
 */
const QUOTES: readonly (readonly [doc: string, quote: string, source: string])[] = [
  [
    'troubleshooting',
    'Not found: no MCP endpoint at this path. This server',
    'packages/gateway/src/edge/mcp-wrong-path.ts',
  ],
  [
    'troubleshooting',
    'The MCP endpoint is /mcp: use the full URL ending in /mcp as the MCP server URL.',
    'template/server/src/http/not-found.ts',
  ],
  [
    'troubleshooting',
    'no MCP server answered there. MCP servers answer on a',
    'packages/devhost/src/app/lib/connect-error.ts',
  ],
  ['troubleshooting', "The widget's CSP blocked", 'packages/devhost/src/shared/csp-advice.ts'],
  [
    'troubleshooting',
    'client authentication failed',
    'packages/gateway/src/oauth/provider/auth-failure-log.ts',
  ],
  [
    'troubleshooting',
    'client assertion tokens must only be used once',
    'packages/gateway/src/oauth/provider/client-assertion.ts',
  ],
  [
    'troubleshooting',
    'the client assertion must expire within an hour',
    'packages/gateway/src/oauth/provider/client-assertion.ts',
  ],
  [
    'troubleshooting',
    'The widget did not start: its page loaded, but it sent no ui/initialize within',
    'packages/devhost/src/app/lib/blank-view.ts',
  ],
  ['troubleshooting', 'Root element id mismatch: ', 'packages/devhost/src/app/lib/blank-view.ts'],
  [
    'troubleshooting',
    'returned structuredContent but names no UI resource, so MCP Apps hosts',
    'packages/devhost/src/app/lib/tool-widget.ts',
  ],
  ['troubleshooting', 'Stop the program using it (lsof -i :', 'packages/cli/src/start/ports.ts'],
  [
    'troubleshooting',
    'Is Gatehouse already running in another terminal? Stop it with Ctrl-C there.',
    'packages/cli/src/start/ports.ts',
  ],
  [
    'troubleshooting',
    'is already in use: stop the other program or change ssh.listen in the config',
    'packages/tunnel/src/ssh-listener.ts',
  ],
  [
    'troubleshooting',
    'a shorter token expires before a client can use it',
    'packages/gateway/src/config/schema/oauth.ts',
  ],
  ['troubleshooting', 'Gatehouse needs Node.js 24 or newer; this is', 'scripts/preflight.js'],
  [
    'troubleshooting',
    'Dependencies are not installed. Run npm install first.',
    'scripts/preflight.js',
  ],
  [
    'troubleshooting',
    'is already in use: stop the other program or change the listen address in the config',
    'packages/gateway/src/start/listen.ts',
  ],
  [
    'troubleshooting',
    'Tunnel offline: no ssh client is serving this URL.',
    'packages/gateway/src/edge/upstream-failure.ts',
  ],
  [
    'troubleshooting',
    'No tunnel is connected for route',
    'packages/gateway/src/pages/upstream-error.ts',
  ],
  [
    'troubleshooting',
    "on the tunnel client's machine",
    'packages/tunnel/src/upstream/open-stream.ts',
  ],
  [
    'troubleshooting',
    'start it with npm run dev, or point the tunnel elsewhere with ssh … -- --to',
    'packages/tunnel/src/upstream/open-stream.ts',
  ],
  ['troubleshooting', 'MCP server unreachable (', 'packages/gateway/src/edge/upstream-failure.ts'],
  ['troubleshooting', 'Link expired or used', 'packages/gateway/src/authenticate/signin-link.ts'],
  [
    'troubleshooting',
    'Sign-in code expired',
    'packages/gateway/src/tunnel-accounts/http/verify.ts',
  ],
  ['troubleshooting', 'Sign-in link expired', 'packages/gateway/src/edge/route-endpoints.ts'],
  ['troubleshooting', 'Form expired', 'packages/gateway/src/authenticate/app.ts'],
  [
    'troubleshooting',
    'The sign-in code expired before it was approved. Run ssh again for a new code.',
    'packages/tunnel/src/auth/sign-in-text.ts',
  ],
  [
    'troubleshooting',
    'Any program on this machine could be listening there. Approve only if you just started this connection yourself.',
    'packages/gateway/src/pages/consent.ts',
  ],
  ['troubleshooting', 'The access token expired', 'packages/gateway/src/mcp/resource/challenge.ts'],
  [
    'troubleshooting',
    'The access token was not issued for this resource',
    'packages/gateway/src/mcp/resource/challenge.ts',
  ],
  [
    'troubleshooting',
    'The access token is no longer valid',
    'packages/gateway/src/mcp/resource/challenge.ts',
  ],
  [
    'troubleshooting',
    'The access token is invalid',
    'packages/gateway/src/mcp/resource/challenge.ts',
  ],
  ['troubleshooting', 'Authorization required', 'packages/gateway/src/mcp/resource/challenge.ts'],
  ['troubleshooting', 'No route for', 'packages/gateway/src/pages/not-found.ts'],
  [
    'troubleshooting',
    'Forbidden: not allowed by policy (request id',
    'packages/gateway/src/edge/mcp/write-refusal.ts',
  ],
  [
    'policies',
    'Forbidden: not allowed by policy (request id',
    'packages/gateway/src/edge/mcp/write-refusal.ts',
  ],
  ['troubleshooting', 'Widget assets not found (', 'packages/app-kit/src/manifest.ts'],
  ['troubleshooting', 'Widget dev server not reachable at', 'packages/app-kit/src/dev-server.ts'],
  [
    'troubleshooting',
    'No accounts yet. Open this one-time link to create the first admin',
    'packages/cli/src/commands/serve.ts',
  ],
  [
    'production',
    'config reload failed; keeping the running config',
    'packages/cli/src/commands/serve.ts',
  ],
  [
    'production',
    'is newer than this Gatehouse supports',
    'packages/gateway/src/store/sqlite/migrate.ts',
  ],
  [
    'production',
    'upgrade Gatehouse or restore a backup',
    'packages/gateway/src/store/sqlite/migrate.ts',
  ],
];

const squash = (text: string) => text.replace(/\s+/g, ' ');
const read = (path: string) => squash(readFileSync(join(REPO_ROOT, path), 'utf8'));

describe('messages quoted in the docs are the ones the code prints', () => {
  it.each(QUOTES)('docs/%s.md: "%s"', (doc, quote, source) => {
    expect(read(`docs/${doc}.md`)).toContain(squash(quote));
    // Where the doc writes `…` the source has code (`${…}`): compare the text around it.
    for (const part of squash(quote).split('…')) {
      if (part.trim() !== '') expect(read(source)).toContain(part.trim());
    }
  });
});
