import { useEffect, useState } from 'react';
import type { DevHostConfig } from '../../shared/contract.ts';
import { loadConfig } from '../lib/config.ts';
import { errorMessage } from '../lib/mcp-lists.ts';
import { serverUrlFromQuery } from '../lib/server-param.ts';
import { finishAuthorization } from '../mcp/connection.ts';
import { BrowserOAuthProvider, OAUTH_CALLBACK_PATH } from '../mcp/oauth-provider.ts';

/** The server URL the page was opened for (`?server=`), or '' when none. */
export function serverUrlOfPage(): string {
  return (
    serverUrlFromQuery(window.location.search, window.location.pathname, OAUTH_CALLBACK_PATH) ?? ''
  );
}

/**
 * Start-up: loads the dev host config; then either finishes an OAuth redirect (the callback
 * path) and connects, or reconnects at once to a server this tab already authorized (its tokens
 * are stored), as MCP hosts do after a reload. Anything else waits for Connect, so opening a link
 * never starts an OAuth redirect by itself. `doConnect`, `setServerUrl` and `fail` are stable.
 */
export function useBoot(options: {
  readonly doConnect: (url: string) => Promise<void>;
  readonly setServerUrl: (update: (current: string) => string) => void;
  readonly fail: (error: string) => void;
}) {
  const { doConnect, setServerUrl, fail } = options;
  const [config, setConfig] = useState<DevHostConfig>();
  const [bootError, setBootError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    const boot = async () => {
      let loaded: DevHostConfig;
      try {
        loaded = await loadConfig();
      } catch (error) {
        if (!cancelled) setBootError(`Could not load the dev host config: ${errorMessage(error)}`);
        return;
      }
      if (cancelled) return;
      setConfig(loaded);
      if (window.location.pathname !== OAUTH_CALLBACK_PATH) {
        // Keep a URL the user typed while the config was loading.
        setServerUrl((current) => (current === '' ? loaded.defaultServerUrl : current));
        const initial = serverUrlOfPage() || loaded.defaultServerUrl;
        if (
          initial !== '' &&
          new BrowserOAuthProvider(initial, window.location.origin).tokens() !== undefined
        )
          await doConnect(initial);
        return;
      }
      const outcome = await finishAuthorization(new URLSearchParams(window.location.search));
      window.history.replaceState(null, '', '/');
      if (cancelled) return;
      if (!outcome.ok) {
        setServerUrl(() => loaded.defaultServerUrl);
        fail(outcome.error);
        return;
      }
      setServerUrl(() => outcome.serverUrl);
      await doConnect(outcome.serverUrl);
    };
    void boot();
    return () => {
      cancelled = true;
    };
  }, [doConnect, setServerUrl, fail]);
  return { config, bootError };
}
