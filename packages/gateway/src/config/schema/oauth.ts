import { z } from 'zod';
import { formatDuration } from '../duration.ts';
import { DURATION_MINIMUMS, durationAtLeast } from './duration.ts';

/** The OAuth 2.1 authorization server for MCP clients (on the authenticate service). */
export const oauthSection = z
  .strictObject({
    /** RFC 7591 dynamic client registration (rate-limited; unused registrations expire). */
    dynamic_client_registration: z.boolean().default(true),
    /** Unused dynamic registrations are deleted after this long. */
    registration_ttl: durationAtLeast(
      DURATION_MINIMUMS.registrationTtlMs,
      'a shorter one deletes clients between sign-in and their next use',
    ).default(30 * 86_400_000),
    /** Client ID Metadata Documents: `client_id` is an https URL the server fetches. */
    client_id_metadata_documents: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Only fetch documents from these domains (`*.example.com` allowed); empty = any public host. */
        allowed_domains: z.array(z.string().min(1)).default([]),
        /** DEVELOPMENT ONLY: allow documents on localhost / loopback addresses (and http). */
        allow_localhost: z.boolean().default(false),
      })
      .default({ enabled: true, allowed_domains: [], allow_localhost: false }),
    access_token_ttl: durationAtLeast(
      DURATION_MINIMUMS.accessTokenTtlMs,
      'a shorter token expires before a client can use it',
    ).default(10 * 60_000),
    refresh_token_ttl: durationAtLeast(
      DURATION_MINIMUMS.refreshTokenTtlMs,
      'a shorter one sends users back to sign-in every few minutes',
    ).default(30 * 86_400_000),
  })
  .superRefine((oauth, ctx) => {
    // A refresh token that dies before its access token can never be used to refresh. (A
    // value under its own minimum already has its message.)
    const refresh = oauth.refresh_token_ttl;
    if (refresh >= oauth.access_token_ttl || refresh < DURATION_MINIMUMS.refreshTokenTtlMs) return;
    ctx.addIssue({
      code: 'custom',
      path: ['refresh_token_ttl'],
      message: `must be at least access_token_ttl (${formatDuration(oauth.access_token_ttl)}), got ${formatDuration(oauth.refresh_token_ttl)}: a refresh token must outlive the access token it renews`,
    });
  })
  .default({
    dynamic_client_registration: true,
    registration_ttl: 30 * 86_400_000,
    client_id_metadata_documents: { enabled: true, allowed_domains: [], allow_localhost: false },
    access_token_ttl: 10 * 60_000,
    refresh_token_ttl: 30 * 86_400_000,
  });
