import type { Client, Resource, Tool } from '@modelcontextprotocol/client';
import { useCallback, useRef, useState } from 'react';
import { errorMessage, listAllTools, listResourcesIfAny } from '../lib/mcp-lists.ts';
import type { Logger } from '../lib/message-log.ts';
import { connect } from '../mcp/connection.ts';
import type { LoggedRequest } from './use-message-log.ts';

export type Connection =
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' | 'redirecting'; readonly serverUrl: string }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'connected'; readonly serverUrl: string; readonly client: Client };

/** The line under the Connect button for a connection in progress or made. */
export function connectionStatus(connection: Connection): string | undefined {
  switch (connection.status) {
    case 'connecting':
      return `Connecting to ${connection.serverUrl}…`;
    case 'redirecting':
      return 'Redirecting to the authorization server…';
    case 'connected':
      return `Connected to ${connection.serverUrl}`;
    default:
      return undefined;
  }
}

/**
 * The connection to one MCP server and what it lists. `beforeConnect` (stable) clears what
 * belonged to the previous server: the calls in flight and the widget.
 */
export function useConnection(options: {
  readonly logMessage: Logger;
  readonly request: LoggedRequest;
  readonly beforeConnect: () => Promise<void>;
}) {
  const { logMessage, request, beforeConnect } = options;
  const [connection, setConnection] = useState<Connection>({ status: 'idle' });
  const [tools, setTools] = useState<readonly Tool[]>([]);
  const [resources, setResources] = useState<readonly Resource[]>([]);
  const activeClient = useRef<Client | null>(null);

  const doConnect = useCallback(
    async (url: string) => {
      await beforeConnect();
      const previous = activeClient.current;
      activeClient.current = null;
      if (previous !== null) await previous.close().catch(() => undefined);
      setConnection({ status: 'connecting', serverUrl: url });
      setTools([]);
      setResources([]);
      logMessage('host→server', { connect: url });
      const outcome = await connect(url);
      if (outcome.kind === 'redirecting') {
        setConnection({ status: 'redirecting', serverUrl: url });
        return;
      }
      if (outcome.kind === 'failed') {
        logMessage('server→host', { error: outcome.error }, 'connect');
        setConnection({ status: 'failed', error: outcome.error });
        return;
      }
      const client = outcome.client;
      activeClient.current = client;
      logMessage(
        'server→host',
        {
          serverInfo: client.getServerVersion(),
          protocolVersion: client.getNegotiatedProtocolVersion(),
          capabilities: client.getServerCapabilities(),
        },
        'connect',
      );
      try {
        const listed = await request('tools/list', {}, () => listAllTools(client));
        const listedResources = await listResourcesIfAny(client);
        setTools(listed);
        setResources(listedResources);
        setConnection({ status: 'connected', serverUrl: url, client });
      } catch (error) {
        setConnection({
          status: 'failed',
          error: `Could not connect to ${url}: tools/list failed: ${errorMessage(error)}`,
        });
      }
    },
    [beforeConnect, logMessage, request],
  );
  const fail = useCallback((error: string) => setConnection({ status: 'failed', error }), []);
  return { connection, tools, resources, doConnect, fail };
}
