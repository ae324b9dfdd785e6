import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The slice of `oidc-provider` 9 that the test IdP uses, typed by hand: the package ships no
 * types and `@types/oidc-provider` is not installed. Loaded through a non-literal specifier so
 * the compiler does not look for declarations.
 */
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
  save(): Promise<string>;
}

export interface GrantClass {
  new (init: { accountId: string; clientId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

export interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Readonly<Record<string, unknown>>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly Grant: GrantClass;
}

export type ProviderClass = new (
  issuer: string,
  configuration: Readonly<Record<string, unknown>>,
) => ProviderInstance;

const specifier: string = 'oidc-provider';

export async function loadOidcProvider(): Promise<ProviderClass> {
  const module = (await import(specifier)) as { default: ProviderClass };
  return module.default;
}
