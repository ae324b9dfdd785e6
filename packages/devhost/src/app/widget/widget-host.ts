import type { CallToolResult, Client, JSONRPCMessage, Tool } from '@modelcontextprotocol/client';
import {
  AppBridge,
  buildAllowAttribute,
  type McpUiHostCapabilities,
  type McpUiHostContext,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import {
  CSP_PARAM,
  PROXY_FRAME_ID,
  SANDBOX_CSP_VIOLATION,
  SANDBOX_PROXY_READY,
  SANDBOX_RESOURCE_REFUSED,
  SANDBOX_VIEW_LOADED,
  encodeCspParam,
} from '../../shared/contract.ts';
import { HOST_DISPLAY_MODES, negotiateDisplayMode, type DisplayMode } from '../lib/display-mode.ts';
import { allowedLink } from '../lib/links.ts';
import type { Logger } from '../lib/message-log.ts';
import { isCallableByApp } from '../lib/visibility.ts';
import type { WidgetResource } from '../lib/widget-resource.ts';
import { HOST_INFO } from '../host-info.ts';
import { SandboxTransport } from './sandbox-transport.ts';
import { ViewDiagnostics, type WarningSink } from './view-diagnostics.ts';
import { contentText } from '../lib/content.ts';

export type Theme = 'light' | 'dark';

const HOST_CAPABILITIES: McpUiHostCapabilities = {
  openLinks: {},
  serverTools: {},
  logging: {},
  updateModelContext: { text: {} },
  message: { text: {} },
};

/** Inline and pip heights the view may grow to; the CSS uses the same numbers. */
const INLINE_MAX_HEIGHT = 600;
const PIP_WIDTH = 360;
const PIP_MAX_HEIGHT = 400;
const PROXY_READY_TIMEOUT_MS = 10_000;
const TEARDOWN_TIMEOUT_MS = 3_000;
const METHOD_NOT_FOUND = -32601;

export interface WidgetHostOptions {
  readonly client: Client;
  /** Every tool of the server, including app-only ones, to check a view's tools/call. */
  readonly tools: readonly Tool[];
  readonly tool: Tool;
  readonly toolArguments: Record<string, unknown>;
  /** Settles when the tools/call that opened the widget does; sent once the view is initialized. */
  readonly toolResult: Promise<CallToolResult>;
  readonly resource: WidgetResource;
  readonly sandboxUrl: string;
  /** The widget section; its width is the container width sent to the view. */
  readonly section: HTMLElement;
  /** Where the proxy iframe goes. */
  readonly container: HTMLElement;
  readonly theme: Theme;
  readonly log: Logger;
  readonly onConversationMessage: (text: string) => void;
  readonly onModelContext: (text: string) => void;
  readonly onDisplayMode: (mode: DisplayMode) => void;
  readonly onError: (message: string) => void;
  /**
   * A diagnostic that does not stop the widget (a CSP block, a view that did not start), keyed so
   * a repeat replaces it; `undefined` withdraws it (the view started after all).
   */
  readonly onWarning: WarningSink;
  /** How long after the view loads it has to send ui/initialize (default 3 s). */
  readonly viewStartTimeoutMs?: number;
  /** The view asked to be torn down (ui/notifications/request-teardown) and we accepted. */
  readonly onRequestClose: () => void;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** SandboxResourceRefusedParams (contract.ts), read defensively: the proxy origin is untrusted. */
function refusalText(params: unknown): string {
  if (typeof params !== 'object' || params === null) return 'no reason given';
  const reason = 'reason' in params && typeof params.reason === 'string' ? params.reason : '';
  const message = 'message' in params && typeof params.message === 'string' ? params.message : '';
  return [message, reason && `(${reason})`].filter(Boolean).join(' ') || 'no reason given';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One rendered MCP App view: the sandbox proxy iframe, the handshake with the proxy and the
 * AppBridge that speaks SEP-1865 to the view. Not React: the lifecycle is driven by messages.
 */
export class WidgetHost {
  readonly #options: WidgetHostOptions;
  readonly #sandboxOrigin: string;
  readonly #iframe: HTMLIFrameElement;
  #bridge: AppBridge | undefined;
  #initialized = false;
  #disposed = false;
  #displayMode: DisplayMode = 'inline';
  #theme: Theme;
  #readyTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #diagnostics: ViewDiagnostics;
  #resizeFrame: number | undefined;

  constructor(options: WidgetHostOptions) {
    this.#options = options;
    this.#theme = options.theme;
    this.#diagnostics = new ViewDiagnostics(
      options.resource,
      options.onWarning,
      options.viewStartTimeoutMs,
    );
    const sandboxUrl = new URL(options.sandboxUrl);
    this.#sandboxOrigin = sandboxUrl.origin;
    sandboxUrl.searchParams.set(CSP_PARAM, encodeCspParam(options.resource.csp));

    // spikes §4: every attribute is set before the iframe is inserted, so the first navigation
    // already runs sandboxed, with the permissions policy and the CSP the sandbox server derives.
    const iframe = document.createElement('iframe');
    iframe.id = PROXY_FRAME_ID;
    iframe.title = `${options.tool.title ?? options.tool.name} widget`;
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    const allow = buildAllowAttribute(options.resource.permissions);
    if (allow !== '') iframe.setAttribute('allow', allow);
    iframe.src = sandboxUrl.href;
    this.#iframe = iframe;

    window.addEventListener('message', this.#onProxyMessage);
    window.addEventListener('resize', this.#onResize);
    this.#readyTimer = setTimeout(() => {
      options.onError(`The sandbox proxy at ${this.#sandboxOrigin} did not answer.`);
    }, PROXY_READY_TIMEOUT_MS);
    options.container.append(iframe);
  }

  get displayMode(): DisplayMode {
    return this.#displayMode;
  }

  /** Messages from the proxy before the bridge exists: only sandbox-proxy-ready is expected. */
  readonly #onProxyMessage = (event: MessageEvent<unknown>): void => {
    if (event.source !== this.#iframe.contentWindow || this.#bridge !== undefined) return;
    const { log } = this.#options;
    if (event.origin !== this.#sandboxOrigin) {
      log('rejected', event.data, `origin ${event.origin} is not the sandbox origin`);
      return;
    }
    const data = event.data;
    const isReady =
      typeof data === 'object' &&
      data !== null &&
      'jsonrpc' in data &&
      data.jsonrpc === '2.0' &&
      'method' in data &&
      data.method === SANDBOX_PROXY_READY;
    if (!isReady) {
      log('rejected', data, 'expected the sandbox proxy-ready notification first');
      return;
    }
    log('proxy→host', data);
    clearTimeout(this.#readyTimer);
    window.removeEventListener('message', this.#onProxyMessage);
    this.#start().catch((error: unknown) => {
      if (!this.#disposed) this.#options.onError(`Widget failed to start: ${errorMessage(error)}`);
    });
  };

  #hostContext(): McpUiHostContext {
    return {
      toolInfo: { tool: this.#options.tool },
      theme: this.#theme,
      displayMode: this.#displayMode,
      availableDisplayModes: [...HOST_DISPLAY_MODES],
      containerDimensions: this.#containerDimensions(),
      locale: navigator.language,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      platform: 'web',
      userAgent: `${HOST_INFO.name}/${HOST_INFO.version}`,
      deviceCapabilities: {
        touch: navigator.maxTouchPoints > 0,
        hover: window.matchMedia('(hover: hover)').matches,
      },
    };
  }

  #containerDimensions(): NonNullable<McpUiHostContext['containerDimensions']> {
    switch (this.#displayMode) {
      case 'fullscreen':
        return { width: window.innerWidth, height: window.innerHeight };
      case 'pip':
        return { width: PIP_WIDTH, maxHeight: PIP_MAX_HEIGHT };
      case 'inline':
        return { width: this.#options.section.clientWidth, maxHeight: INLINE_MAX_HEIGHT };
    }
  }

  async #start(): Promise<void> {
    const options = this.#options;
    const target = this.#iframe.contentWindow;
    if (target === null) throw new Error('the proxy iframe has no window');
    const bridge = new AppBridge(options.client, HOST_INFO, HOST_CAPABILITIES, {
      hostContext: this.#hostContext(),
    });
    this.#bridge = bridge;
    this.#installHandlers(bridge);
    const transport = new SandboxTransport(
      target,
      this.#sandboxOrigin,
      options.log,
      (message) => this.#onSandboxMessage(message),
      (message) => this.#diagnostics.viewMessage(message),
    );
    await bridge.connect(transport);
    if (this.#disposed) return;

    // spikes §4: connect() installs a plain tools/call forwarder that ignores visibility.
    // SEP-1865: the host MUST reject a view's tools/call for tools whose visibility lacks "app".
    const forward = bridge.oncalltool;
    if (forward !== undefined) {
      bridge.oncalltool = async (params, extra) => {
        const tool = options.tools.find((candidate) => candidate.name === params.name);
        if (!isCallableByApp(tool)) {
          throw new Error(`tool ${params.name} is not callable by the app`);
        }
        options.log('host→server', { method: 'tools/call', params }, 'proxied for the view');
        return forward(params, extra);
      };
    }

    await bridge.sendSandboxResourceReady({
      html: options.resource.html,
      csp: options.resource.csp,
      permissions: options.resource.permissions,
    });
  }

  /** The proxy's own notifications (contract.ts): refusals and diagnostics. */
  #onSandboxMessage(message: JSONRPCMessage): void {
    if (!('method' in message) || this.#disposed) return;
    const params = 'params' in message ? message.params : undefined;
    if (message.method === SANDBOX_RESOURCE_REFUSED) {
      this.#options.onError(`The sandbox proxy refused the widget: ${refusalText(params)}`);
    } else if (message.method === SANDBOX_CSP_VIOLATION) {
      this.#diagnostics.cspViolation(params);
    } else if (message.method === SANDBOX_VIEW_LOADED) {
      this.#diagnostics.viewLoaded();
    }
  }

  #installHandlers(bridge: AppBridge): void {
    const options = this.#options;
    bridge.onerror = (error) => options.log('rejected', errorMessage(error), 'bridge error');
    bridge.oninitialized = () => {
      this.#initialized = true;
      // The context may have changed between ui/initialize and initialized.
      bridge.setHostContext(this.#hostContext());
      void this.#sendToolData(bridge);
    };
    bridge.onmessage = (params) => {
      options.onConversationMessage(contentText(params.content));
      return Promise.resolve({});
    };
    bridge.onupdatemodelcontext = (params) => {
      const parts: string[] = [];
      if (params.content !== undefined) parts.push(contentText(params.content));
      if (params.structuredContent !== undefined)
        parts.push(JSON.stringify(params.structuredContent, null, 2));
      options.onModelContext(parts.join('\n'));
      return Promise.resolve({});
    };
    bridge.onopenlink = ({ url }) => {
      const link = allowedLink(url);
      if (link === undefined) {
        return Promise.reject(new Error('Only http and https links can be opened.'));
      }
      window.open(link.href, '_blank', 'noopener');
      return Promise.resolve({});
    };
    bridge.onrequestdisplaymode = ({ mode }) => {
      const next = negotiateDisplayMode(
        mode,
        bridge.getAppCapabilities()?.availableDisplayModes,
        this.#displayMode,
      );
      this.#applyDisplayMode(next);
      return Promise.resolve({ mode: next });
    };
    bridge.onsizechange = ({ height }) => {
      if (height !== undefined && Number.isFinite(height) && height >= 0) {
        this.#iframe.style.height = `${Math.ceil(height)}px`;
      }
    };
    bridge.onloggingmessage = () => {
      // Already in the message log as view→host; nothing else to do.
    };
    bridge.onrequestteardown = () => {
      options.onRequestClose();
    };
  }

  async #sendToolData(bridge: AppBridge): Promise<void> {
    const options = this.#options;
    try {
      // SEP-1865: complete arguments once, before the result.
      await bridge.sendToolInput({ arguments: options.toolArguments });
      let result: CallToolResult;
      try {
        result = await options.toolResult;
      } catch (error) {
        if (!this.#disposed) await bridge.sendToolCancelled({ reason: errorMessage(error) });
        return;
      }
      if (!this.#disposed) await bridge.sendToolResult(result);
    } catch (error) {
      if (!this.#disposed) options.onError(`Could not send the tool data: ${errorMessage(error)}`);
    }
  }

  #applyDisplayMode(mode: DisplayMode): void {
    if (mode === this.#displayMode) return;
    this.#displayMode = mode;
    this.#options.onDisplayMode(mode);
    this.#pushContext();
  }

  /** Sends what changed in the host context, but never before the view's initialized. */
  #pushContext(): void {
    if (this.#bridge !== undefined && this.#initialized && !this.#disposed) {
      this.#bridge.setHostContext(this.#hostContext());
    }
  }

  readonly #onResize = (): void => {
    if (this.#resizeFrame !== undefined) return;
    this.#resizeFrame = requestAnimationFrame(() => {
      this.#resizeFrame = undefined;
      this.#pushContext();
    });
  };

  setTheme(theme: Theme): void {
    this.#theme = theme;
    this.#pushContext();
  }

  /** The user changed the mode from the host's own controls (e.g. "Exit fullscreen"). */
  setDisplayMode(mode: DisplayMode): void {
    this.#applyDisplayMode(mode);
  }

  /**
   * SEP-1865: send ui/resource-teardown and await it before removing the view. A view without a
   * teardown handler answers -32601, which is fine.
   */
  async close(): Promise<void> {
    const bridge = this.#bridge;
    if (bridge !== undefined && this.#initialized && !this.#disposed) {
      try {
        await bridge.teardownResource({}, { timeout: TEARDOWN_TIMEOUT_MS });
      } catch (error) {
        if (errorCode(error) !== METHOD_NOT_FOUND) {
          this.#options.log('rejected', errorMessage(error), 'ui/resource-teardown failed');
        }
      }
    }
    this.dispose();
  }

  /** Removes the iframe and every listener at once, without asking the view. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#readyTimer);
    this.#diagnostics.dispose();
    if (this.#resizeFrame !== undefined) cancelAnimationFrame(this.#resizeFrame);
    window.removeEventListener('message', this.#onProxyMessage);
    window.removeEventListener('resize', this.#onResize);
    this.#bridge?.close().catch(() => undefined);
    this.#iframe.remove();
  }
}
