// @gatehouse/testing/gateway: a real gateway (plain, with ACME against pebble, with the tunnel's
// sign-in), a browser-like client and the sign-in steps.

export { Client, recordingLogger, startTestGateway } from './gateway-harness.ts';
export type { Reply, TestGateway } from './gateway-harness.ts';
export { PASSWORD, addAccount, browserSignIn } from './signin.ts';
export {
  answer,
  liveMcpTunnel,
  signInOwner,
  sshKey,
  startTunnelGateway,
  verifyPage,
} from './tunnel-gateway.ts';
export type { TunnelGateway } from './tunnel-gateway.ts';
export { accessTokenFor, authorize, registerClient } from './tunnel-oauth.ts';
export { startPebble } from './pebble.ts';
export type { Pebble } from './pebble.ts';
export { acmeConfig, curl, logged, startAcmeGateway } from './acme-gateway.ts';
export type { RecordingLogger } from './acme-gateway.ts';
