import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The slice of `oidc-provider` 9 the authorization server uses, typed by hand: the package ships
 * no types. Loaded with `require` (Node 24 loads its ES module synchronously), so the compiler
 * never looks for declarations and `createAuthorizationServer` can stay synchronous.
 */

/** `ctx.oidc` as the configuration hooks see it (only what we read). */
export interface OidcContext {
  readonly route?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly entities: Readonly<Record<string, unknown>>;
  readonly client?: ClientInstance;
}

/** The Koa context handed to configuration hooks. */
export interface HookContext {
  readonly oidc: OidcContext;
  type: string;
  body: unknown;
  status: number;
  set(field: string, value: string): void;
}

export interface ClientInstance {
  readonly clientId: string;
  readonly clientName?: string;
  readonly applicationType?: string;
  readonly tokenEndpointAuthMethod?: string;
  readonly redirectUris: readonly string[];
  readonly jwks?: { readonly keys?: readonly Readonly<Record<string, unknown>>[] };
  readonly clientIdMetadataDocument?: boolean;
  /** Extra metadata we register (`extraClientMetadata`): the methods a CIMD document offers. */
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  grantTypeAllowed(type: string): boolean;
}

/** A token or code model instance as hooks see it. */
export interface TokenInstance {
  readonly kind: string;
  readonly jti: string;
  readonly accountId?: string;
  readonly grantId?: string;
  readonly clientId?: string;
  readonly resourceIndicators?: ReadonlySet<string>;
}

export interface InteractionDetails {
  readonly uid: string;
  readonly prompt: { readonly name: string; readonly details: Readonly<Record<string, unknown>> };
  readonly params: Readonly<Record<string, unknown>>;
  readonly session?: { readonly accountId?: string };
  readonly grantId?: string;
}

export interface GrantInstance {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: readonly string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

export interface GrantClass {
  new (init: { accountId: string; clientId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

export interface ClientClass {
  find(id: string): Promise<ClientInstance | undefined>;
}

/** Stored authorization codes (read by the token precheck before the provider consumes one). */
export interface AuthorizationCodeClass {
  find(
    value: string,
    options?: { ignoreExpiration?: boolean },
  ): Promise<
    (TokenInstance & { readonly consumed?: unknown; readonly isExpired: boolean }) | undefined
  >;
}

export interface ProviderInstance {
  proxy: boolean;
  readonly issuer: string;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionResult(
    req: IncomingMessage,
    res: ServerResponse,
    result: Readonly<Record<string, unknown>>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<string>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Koa middleware around every route (oidc-provider puts it before its router). */
  use(middleware: (ctx: object, next: () => Promise<void>) => Promise<void>): unknown;
  readonly Grant: GrantClass;
  readonly Client: ClientClass;
  readonly AuthorizationCode: AuthorizationCodeClass;
}

export type ProviderClass = new (
  issuer: string,
  configuration: Readonly<Record<string, unknown>>,
) => ProviderInstance;

/** oidc-provider's error classes: thrown from hooks, rendered by the provider as OAuth errors. */
export type OidcErrorClass = new (description?: string, detail?: string) => Error;

/** An error with our own `error` code and description (HTTP 400). */
export type CustomOidcErrorClass = new (error: string, description: string) => Error;

export interface OidcErrors {
  readonly CustomOIDCProviderError: CustomOidcErrorClass;
  readonly InvalidClient: OidcErrorClass;
  readonly InvalidClientAuth: OidcErrorClass;
  readonly InvalidClientMetadata: OidcErrorClass;
  readonly InvalidGrant: OidcErrorClass;
  readonly InvalidRequest: OidcErrorClass;
  readonly InvalidTarget: OidcErrorClass;
}

interface OidcProviderModule {
  readonly default: ProviderClass;
  readonly errors: OidcErrors;
}

const load = createRequire(import.meta.url) as (id: string) => unknown;
let loaded: OidcProviderModule | undefined;

/**
 * oidc-provider (with Koa and mime-db) costs ~17 MB of resident memory once loaded: required on
 * first use, when the first OAuth request builds the provider (build.ts) or a hook throws one of
 * its errors, so a gateway that serves no MCP client never pays for it (ADR 0019). Synchronous,
 * as before: Node 24 `require`s its ES module.
 */
function oidcProvider(): OidcProviderModule {
  loaded ??= load('oidc-provider') as OidcProviderModule;
  return loaded;
}

/** The provider class, loading oidc-provider on the first call. */
export function providerClass(): ProviderClass {
  return oidcProvider().default;
}

/** oidc-provider's error classes, each loaded on first access (hooks run after the build). */
export const oidcErrors: OidcErrors = {
  get CustomOIDCProviderError() {
    return oidcProvider().errors.CustomOIDCProviderError;
  },
  get InvalidClient() {
    return oidcProvider().errors.InvalidClient;
  },
  get InvalidClientAuth() {
    return oidcProvider().errors.InvalidClientAuth;
  },
  get InvalidClientMetadata() {
    return oidcProvider().errors.InvalidClientMetadata;
  },
  get InvalidGrant() {
    return oidcProvider().errors.InvalidGrant;
  },
  get InvalidRequest() {
    return oidcProvider().errors.InvalidRequest;
  },
  get InvalidTarget() {
    return oidcProvider().errors.InvalidTarget;
  },
};
