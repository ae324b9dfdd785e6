import type { App, AppEventMap, McpUiHostCapabilities } from '@modelcontextprotocol/ext-apps';
import type { DisplayMode, HostContext, McpApp, ToolArguments, ToolResult } from '../mcp/types.ts';

type Params<K extends keyof McpApp> = McpApp[K] extends (
  params: infer P,
  ...rest: never[]
) => unknown
  ? P
  : never;
type Answer<K extends keyof McpApp> = McpApp[K] extends (...args: never[]) => Promise<infer R>
  ? R
  : never;
type ToolHandler = (args: ToolArguments) => ToolResult | Promise<ToolResult>;

export interface MockAppOptions {
  /** Returned by `getHostContext()` once connected. */
  readonly hostContext?: HostContext;
  readonly hostCapabilities?: McpUiHostCapabilities;
  /** Makes `connect()` reject, as when the host never answers `ui/initialize`. */
  readonly connectError?: Error;
  /** `callServerTool` handlers by tool name; calling any other tool rejects. */
  readonly tools?: Readonly<Record<string, ToolHandler>>;
  /**
   * What `requestDisplayMode` answers. Default: a spec-following host — the requested mode if it
   * is in `availableDisplayModes`, else the current mode.
   */
  readonly displayMode?:
    DisplayMode | ((requested: DisplayMode, context: HostContext) => DisplayMode);
  readonly openLink?: Answer<'openLink'>;
  readonly sendMessage?: Answer<'sendMessage'>;
}

/** Every request the widget made, in order, by method. */
export interface MockAppCalls {
  connect: number;
  callServerTool: Params<'callServerTool'>[];
  openLink: Params<'openLink'>[];
  sendMessage: Params<'sendMessage'>[];
  updateModelContext: Params<'updateModelContext'>[];
  requestDisplayMode: Params<'requestDisplayMode'>[];
}

export interface MockApp extends McpApp {
  readonly calls: MockAppCalls;
  /** Host → widget notifications. Wrap them in Testing Library's `act()`. */
  emitToolInputPartial(args: ToolArguments): void;
  emitToolInput(args: ToolArguments): void;
  emitToolResult(result: ToolResult): void;
  emitToolCancelled(reason?: string): void;
  /** Partial update, merged like a real host's `ui/notifications/host-context-changed`. */
  emitHostContextChanged(update: HostContext): void;
}

const DEFAULT_CAPABILITIES: McpUiHostCapabilities = {
  openLinks: {},
  serverTools: {},
  logging: {},
  message: { text: {} },
  updateModelContext: { text: {} },
};

/**
 * A stand-in for ext-apps' `App` with no host and no transport: it records the widget's requests
 * and lets a test play the host. Pass it where a widget takes its `App` (`<McpAppProvider app>`).
 */
export function createMockApp(options: MockAppOptions = {}): MockApp {
  let context: HostContext = { ...options.hostContext };
  let connected = false;
  const listeners = new Map<keyof AppEventMap, Set<(params: never) => void>>();
  const calls: MockAppCalls = {
    connect: 0,
    callServerTool: [],
    openLink: [],
    sendMessage: [],
    updateModelContext: [],
    requestDisplayMode: [],
  };
  const emit = <K extends keyof AppEventMap>(event: K, params: AppEventMap[K]): void => {
    for (const listener of listeners.get(event) ?? [])
      (listener as (p: AppEventMap[K]) => void)(params);
  };
  const chooseMode = (requested: DisplayMode): DisplayMode => {
    const rule = options.displayMode;
    if (typeof rule === 'function') return rule(requested, context);
    if (rule !== undefined) return rule;
    if (context.availableDisplayModes?.includes(requested)) return requested;
    return context.displayMode ?? 'inline';
  };

  const app: MockApp = {
    calls,
    addEventListener(event, handler) {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(handler);
    },
    removeEventListener(event, handler) {
      listeners.get(event)?.delete(handler);
    },
    connect() {
      calls.connect += 1;
      if (options.connectError !== undefined) return Promise.reject(options.connectError);
      connected = true;
      return Promise.resolve();
    },
    getHostContext: () => (connected ? context : undefined),
    getHostCapabilities: () =>
      connected ? (options.hostCapabilities ?? DEFAULT_CAPABILITIES) : undefined,
    async callServerTool(params) {
      calls.callServerTool.push(params);
      const handler = options.tools?.[params.name];
      if (handler === undefined) throw new Error(`Unknown tool: ${params.name}`);
      return handler(params.arguments ?? {});
    },
    openLink(params) {
      calls.openLink.push(params);
      return Promise.resolve(options.openLink ?? {});
    },
    sendMessage(params) {
      calls.sendMessage.push(params);
      return Promise.resolve(options.sendMessage ?? {});
    },
    updateModelContext(params) {
      calls.updateModelContext.push(params);
      return Promise.resolve({});
    },
    requestDisplayMode(params) {
      calls.requestDisplayMode.push(params);
      const mode = chooseMode(params.mode);
      context = { ...context, displayMode: mode };
      return Promise.resolve({ mode });
    },
    emitToolInputPartial: (args) => emit('toolinputpartial', { arguments: args }),
    emitToolInput: (args) => emit('toolinput', { arguments: args }),
    emitToolResult: (result) => emit('toolresult', result),
    emitToolCancelled: (reason) => emit('toolcancelled', reason === undefined ? {} : { reason }),
    emitHostContextChanged(update) {
      context = { ...context, ...update };
      emit('hostcontextchanged', update);
    },
  };
  return app;
}

// Compile-time check that the mock still matches the SDK's `App` where the widgets use it.
export type MockAppIsAnApp = MockApp extends Pick<App, keyof McpApp> ? true : never;
