import { z } from 'zod';
import { routeId } from './values.ts';

export const identityProviderSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('builtin'),
    id: routeId.default('builtin'),
    name: z.string().default('Email and password'),
  }),
  z.strictObject({
    type: z.literal('oidc'),
    id: routeId,
    name: z.string().optional(),
    issuer: z.string().url(),
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
  }),
]);

/** `identity_providers`: at least one; the built-in email-and-password one when unset. */
export const identityProvidersSchema = z
  .array(identityProviderSchema)
  .min(1)
  .default([{ type: 'builtin', id: 'builtin', name: 'Email and password' }]);
