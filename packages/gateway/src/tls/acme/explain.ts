import { isGatehouseError } from '@gatehouse/core';

const NETWORK =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|EPROTO)$|CERT|SELF_SIGNED|UNABLE_TO/;

/**
 * One sentence for the log: why an ACME order for `name` failed and what fixes it. Only the
 * CA's problem text (RFC 8555 §6.7) and error codes go in: never keys or key authorizations.
 */
export function explainAcmeFailure(error: unknown, name: string, directoryUrl: string): string {
  if (isGatehouseError(error)) return error.message;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  // acme-client's way of failing when the network goes away mid-order (see probeDirectory).
  const lost = /reading 'config'/.test(message);
  if (NETWORK.test(code) || lost) {
    return `cannot reach the ACME directory ${directoryUrl} (${lost ? 'connection lost' : code}); check tls.acme.directory_url, this machine's outbound HTTPS, and tls.acme.trusted_ca_file for a private CA`;
  }
  if (/rejectedIdentifier|forbidden by policy|blocklist|not allowed|refused/i.test(message)) {
    return `the CA refused to issue a certificate for ${name} (${message}); use a public DNS name you control that the CA's policy allows`;
  }
  if (/rateLimited|too many|rate limit/i.test(message)) {
    return `the CA rate-limited the order for ${name} (${message}); Gatehouse retries later, and keeps the current certificate`;
  }
  if (/unauthorized|incorrectResponse|connection|dns|tls|validation|invalid/i.test(message)) {
    return `the CA could not validate ${name} (${message}); point DNS for ${name} at this server and let ports 443 (listen) and 80 (http_listen) reach Gatehouse`;
  }
  return `the ACME order for ${name} failed (${message})`;
}
