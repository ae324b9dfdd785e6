import type { AppEventMap } from '@modelcontextprotocol/ext-apps';
import { describeError } from './describe-error.ts';
import type { AppTransport, DisplayMode, McpApp, McpAppState } from './types.ts';

/**
 * Host state for one `App`, readable from React with `useSyncExternalStore`.
 *
 * The store listens from the moment it is created, before `connect()`: hosts send
 * `tool-input` / `tool-result` right after `ui/notifications/initialized`, and a listener that
 * React attaches later (or re-attaches under StrictMode) would miss them.
 */
export interface McpAppStore {
  // Function properties, not methods: React calls them unbound (useSyncExternalStore).
  readonly getSnapshot: () => McpAppState;
  readonly subscribe: (listener: () => void) => () => void;
  /** Runs the `ui/initialize` handshake once (over `transport`), however often it is called. */
  readonly connect: (transport?: AppTransport) => Promise<void>;
  /** Asks the host for a display mode and records the mode the host actually chose. */
  readonly requestDisplayMode: (mode: DisplayMode) => Promise<DisplayMode>;
}

const stores = new WeakMap<McpApp, McpAppStore>();

/** The one store of `app` (created on first use). */
export function getAppStore(app: McpApp): McpAppStore {
  let store = stores.get(app);
  if (store === undefined) {
    store = createAppStore(app);
    stores.set(app, store);
  }
  return store;
}

const INITIAL: McpAppState = {
  connection: 'connecting',
  connectionError: undefined,
  hostContext: {},
  toolInput: undefined,
  toolInputIsPartial: false,
  toolResult: undefined,
  toolCancelled: undefined,
};

function createAppStore(app: McpApp): McpAppStore {
  let state = INITIAL;
  let connecting: Promise<void> | undefined;
  const listeners = new Set<() => void>();
  const update = (patch: Partial<McpAppState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  const on = <K extends keyof AppEventMap>(event: K, handler: (p: AppEventMap[K]) => void) =>
    app.addEventListener(event, handler);
  on('toolinputpartial', (params) => {
    // Spec: partial input stops once the complete input arrived; ignore stragglers anyway.
    if (state.toolInput !== undefined && !state.toolInputIsPartial) return;
    update({ toolInput: params.arguments ?? {}, toolInputIsPartial: true });
  });
  on('toolinput', (params) =>
    update({ toolInput: params.arguments ?? {}, toolInputIsPartial: false }),
  );
  on('toolresult', (params) => update({ toolResult: params, toolCancelled: undefined }));
  on('toolcancelled', (params) => update({ toolCancelled: { reason: params.reason } }));
  // host-context-changed carries partial updates; merge them (MCP Apps spec, Lifecycle).
  on('hostcontextchanged', (params) =>
    update({ hostContext: { ...state.hostContext, ...params } }),
  );

  return {
    getSnapshot: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect: (transport) => {
      connecting ??= app.connect(transport).then(
        () =>
          update({
            connection: 'connected',
            hostContext: { ...state.hostContext, ...app.getHostContext() },
          }),
        (error: unknown) =>
          update({
            connection: 'failed',
            connectionError: describeError(error),
          }),
      );
      return connecting;
    },
    requestDisplayMode: async (mode) => {
      // The host decides; it may answer with another mode (e.g. the current one) — use its answer.
      const result = await app.requestDisplayMode({ mode });
      update({ hostContext: { ...state.hostContext, displayMode: result.mode } });
      return result.mode;
    },
  };
}
