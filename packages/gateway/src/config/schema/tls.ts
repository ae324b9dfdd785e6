import { z } from 'zod';

/** Let's Encrypt's production directory: the default ACME server (RFC 8555 §7.1.1). */
export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';

const file = z.string().min(1);

/** A certificate chain and its key in PEM files; chosen per host by the names it carries (SNI). */
export const certificateFilesSchema = z.strictObject({ cert_file: file, key_file: file });

/**
 * `tls.acme`: certificates from an ACME server (RFC 8555) for the authenticate host, every
 * configured route host and the tunnel hosts (on demand, or one wildcard through DNS-01).
 */
export const acmeSchema = z.strictObject({
  /** The ACME account's contact (RFC 8555 §7.3): expiry notices from the CA go here. */
  email: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'not an e-mail address'),
  directory_url: z.url({ protocol: /^https?$/ }).default(LETS_ENCRYPT_DIRECTORY),
  /** PEM CA certificates to trust for the directory (test or private ACME servers only). */
  trusted_ca_file: file.optional(),
  /** Tunnel hosts: a certificate per host at its first handshake, or one DNS-01 wildcard. */
  tunnels: z.enum(['on_demand', 'wildcard']).default('on_demand'),
  /** Called as `<dns_hook> present|cleanup <fqdn> <txt value>` for DNS-01 (wildcard). */
  dns_hook: file.optional(),
  /** On-demand certificates ordered per hour at most (a CA's rate limits are per week). */
  on_demand_per_hour: z.number().int().positive().default(20),
  /** External account binding (RFC 8555 §7.3.4), when the CA requires one (ZeroSSL, Google). */
  external_account_binding: z
    .strictObject({ kid: z.string().min(1), hmac_key_file: file })
    .optional(),
});

/**
 * `tls`: HTTPS on the edge. `cert_file`/`key_file` is one pair; `certificates` adds more pairs;
 * `acme` gets the rest automatically. Each handshake gets the certificate for its SNI name.
 */
export const tlsSchema = z.strictObject({
  cert_file: file.optional(),
  key_file: file.optional(),
  certificates: z.array(certificateFilesSchema).default([]),
  acme: acmeSchema.optional(),
});
