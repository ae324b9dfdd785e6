// @gatehouse/testing: the test harnesses shared across package lines (e2e/, bench/ and the
// packages' tests). This entry loads no workspace package; `/gateway` and `/tunnel` start those.

export { freePort, freePorts, portIsFree } from './net.ts';
export { until } from './wait.ts';
export { runProcess } from './run-process.ts';
export type { ProcessResult } from './run-process.ts';
export { startEchoUpstream } from './echo-upstream.ts';
export type { SeenRequest } from './echo-upstream.ts';
export { createTestCa, selfSignedCertificate } from './tls/test-ca.ts';
export type { IssuedCertificate, TestCa, TestPem } from './tls/test-ca.ts';
export { bodyOf, startHttps } from './tls/https-server.ts';
export type { RunningHttps } from './tls/https-server.ts';
export { handshake } from './tls/handshake.ts';
export { bearerParams, challengeParams } from './oauth/challenge-params.ts';
export {
  assertionFields,
  clientKey,
  forgedAssertion,
  signAssertion,
} from './oauth/client-assertion.ts';
export type { ClientKey } from './oauth/client-assertion.ts';
export { startConnectionCounter, startDocumentServer } from './oauth/document-server.ts';
export type { DocumentServer } from './oauth/document-server.ts';
export { dpopKey, dpopProof, htuOf } from './oauth/dpop.ts';
export type { DpopKey, ProofClaims } from './oauth/dpop.ts';
export {
  killAllSsh,
  makeKey,
  spawnSsh,
  spawnSshBare,
  spawnSshOnPty,
  sshArgs,
} from './tunnel/ssh-client.ts';
export type { SshProcess, TestKey } from './tunnel/ssh-client.ts';
export { readBody, requestOver, startLocalServer } from './tunnel/local-http.ts';
export { MemoryTrafficInspector } from './memory-traffic.ts';
