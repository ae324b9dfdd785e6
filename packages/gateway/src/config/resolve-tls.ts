import { TUNNEL_URL_NAMESPACE, TUNNEL_URL_ROUTE } from './schema/index.ts';
import type { ConfigIssue } from './errors.ts';
import type { ParsedConfig } from './schema/index.ts';
import type { CertificateFiles, TlsSettings } from './types.ts';

/**
 * `tls` and `http_listen` → TlsSettings, pushing one issue per problem (each names its key).
 * `path` makes config-relative paths absolute.
 */
export function resolveTls(
  parsed: ParsedConfig,
  path: (p: string) => string,
  issues: ConfigIssue[],
): TlsSettings | undefined {
  const tls = parsed.tls;
  if (tls === undefined) {
    if (parsed.http_listen !== undefined) {
      issues.push({
        path: 'http_listen',
        message: 'needs tls (it answers ACME http-01 and redirects to https); set tls or remove it',
      });
    }
    return undefined;
  }
  const files: CertificateFiles[] = [];
  if (tls.cert_file !== undefined && tls.key_file !== undefined) {
    files.push({ certFile: path(tls.cert_file), keyFile: path(tls.key_file) });
  } else if (tls.cert_file !== undefined) {
    issues.push({ path: 'tls.key_file', message: 'required with tls.cert_file' });
  } else if (tls.key_file !== undefined) {
    issues.push({ path: 'tls.cert_file', message: 'required with tls.key_file' });
  }
  for (const pair of tls.certificates) {
    files.push({ certFile: path(pair.cert_file), keyFile: path(pair.key_file) });
  }
  const acme = tls.acme;
  if (files.length === 0 && acme === undefined && issues.length === 0) {
    issues.push({
      path: 'tls',
      message: 'set cert_file and key_file, certificates, or acme (automatic certificates)',
    });
  }
  if (acme?.tunnels === 'wildcard') {
    if (acme.dns_hook === undefined) {
      issues.push({
        path: 'tls.acme.dns_hook',
        message:
          'required when tls.acme.tunnels is wildcard: a wildcard certificate can only be validated through DNS-01 (RFC 8555 §7.1.3)',
      });
    }
    if (wildcardParent(parsed.tunnel_url) === undefined) {
      issues.push({
        path: 'tls.acme.tunnels',
        message:
          'wildcard needs tunnel_url with {route} and {namespace} in the first label, e.g. https://{route}--{namespace}.tunnels.example.com (a wildcard certificate covers one label)',
      });
    }
  }
  return Object.freeze({
    files: Object.freeze(files),
    acme:
      acme === undefined
        ? undefined
        : Object.freeze({
            email: acme.email,
            directoryUrl: acme.directory_url,
            trustedCaFile:
              acme.trusted_ca_file === undefined ? undefined : path(acme.trusted_ca_file),
            tunnels: acme.tunnels,
            dnsHook: acme.dns_hook === undefined ? undefined : path(acme.dns_hook),
            onDemandPerHour: acme.on_demand_per_hour,
            externalAccountBinding:
              acme.external_account_binding === undefined
                ? undefined
                : Object.freeze({
                    kid: acme.external_account_binding.kid,
                    hmacKeyFile: path(acme.external_account_binding.hmac_key_file),
                  }),
          }),
  });
}

/**
 * The parent domain of every tunnel host (`tunnels.example.com`) when `tunnel_url` puts both
 * placeholders in the first DNS label, so that `*.<parent>` covers every tunnel; else undefined.
 */
export function wildcardParent(tunnelUrl: string | undefined): string | undefined {
  if (tunnelUrl === undefined) return undefined;
  const sample = tunnelUrl
    .replace(TUNNEL_URL_ROUTE, 'xroutex')
    .replace(TUNNEL_URL_NAMESPACE, 'xnsx');
  let host: string;
  try {
    host = new URL(sample).hostname;
  } catch {
    return undefined;
  }
  const dot = host.indexOf('.');
  if (dot === -1) return undefined;
  const first = host.slice(0, dot);
  const parent = host.slice(dot + 1);
  const inFirst = first.includes('xroutex') && first.includes('xnsx');
  return inFirst && !parent.includes('xroutex') && !parent.includes('xnsx') && parent.includes('.')
    ? parent
    : undefined;
}
