import type {
  App,
  McpUiDisplayMode,
  McpUiHostContext,
  McpUiToolInputNotification,
  McpUiToolResultNotification,
} from '@modelcontextprotocol/ext-apps';

/**
 * The part of ext-apps' `App` the widgets use. Components take this instead of `App` so tests
 * (and Storybook-style previews) can pass `createMockApp()` from `src/testing/mock-app.ts`.
 */
export type McpApp = Pick<
  App,
  | 'addEventListener'
  | 'removeEventListener'
  | 'connect'
  | 'getHostContext'
  | 'getHostCapabilities'
  | 'callServerTool'
  | 'openLink'
  | 'sendMessage'
  | 'updateModelContext'
  | 'requestDisplayMode'
>;

/** What `App.connect()` talks over; ext-apps uses a `PostMessageTransport` to the parent. */
export type AppTransport = Parameters<App['connect']>[0];
export type HostContext = McpUiHostContext;
export type DisplayMode = McpUiDisplayMode;
export type ToolArguments = NonNullable<McpUiToolInputNotification['params']['arguments']>;
/** A `tools/call` result, as delivered by `ui/notifications/tool-result` or `callServerTool`. */
export type ToolResult = McpUiToolResultNotification['params'];

export type ConnectionState = 'connecting' | 'connected' | 'failed';

/** What the widget knows about its host and the tool call it renders. */
export interface McpAppState {
  readonly connection: ConnectionState;
  readonly connectionError: string | undefined;
  /** Merged from `ui/initialize` and every `host-context-changed` (they carry partial updates). */
  readonly hostContext: HostContext;
  /** Complete tool arguments (`ui/notifications/tool-input`), or the latest partial ones. */
  readonly toolInput: ToolArguments | undefined;
  readonly toolInputIsPartial: boolean;
  readonly toolResult: ToolResult | undefined;
  readonly toolCancelled: { readonly reason: string | undefined } | undefined;
}
