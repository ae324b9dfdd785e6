export { createTunnelServer } from './tunnel-server.ts';
export type { TunnelServer, TunnelServerOptions } from './tunnel-server.ts';
export type { RenderTui } from './session/session-channel.ts';
export type { McpCallsSource } from './mcp-calls.ts';
export { loadRenderTui } from './load-tui.ts';
export { loadOrCreateHostKey, HOST_KEY_FILE } from './host-key.ts';
export type { TuiIo } from './tui-io.ts';
export type {
  ConnectionView,
  ForwardRequestView,
  LogLineView,
  PortForwardView,
  SessionActions,
  SessionView,
  SessionViewSource,
} from './session-view.ts';
export { DEFAULT_ROUTE } from './forwards/route-name.ts';
export { sshCrypto } from './ssh-crypto.ts';
export type { SshCrypto } from './ssh-crypto.ts';
export { TUNNEL_ERRORS } from './errors.ts';
export type { TunnelErrorCode } from './errors.ts';
