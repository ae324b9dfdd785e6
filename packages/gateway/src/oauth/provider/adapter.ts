import type { Clock, OAuthRepository } from '@gatehouse/core';
import { oidcErrors } from './module.ts';
import type { RefreshReuse } from './refresh-reuse.ts';

type Payload = Record<string, unknown>;

export interface AdapterDeps {
  readonly oauth: OAuthRepository;
  readonly clock: Clock;
  /** Lifetime of a dynamically registered client from its registration or last use. */
  readonly registrationTtlMs: () => number;
  readonly reuse: RefreshReuse;
}

/**
 * oidc-provider's storage adapter (one instance per model) over the Store port. Two rules live
 * here because only the adapter sees them atomically:
 * - consume is first-caller-wins; losing the race for an authorization code is a replay (B10):
 *   the grant is revoked and the loser gets `invalid_grant`;
 * - a consumed refresh token inside the reuse window reads as unconsumed (C4).
 */
export function storeAdapter(deps: AdapterDeps): new (model: string) => object {
  const { oauth, clock, reuse } = deps;
  return class StoreAdapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn: number | undefined): Promise<void> {
      const now = clock.now();
      const expiresAt =
        this.#model === 'Client'
          ? now + deps.registrationTtlMs()
          : expiresIn === undefined
            ? null
            : now + expiresIn * 1000;
      await oauth.upsert(this.#model, id, payload, expiresAt);
    }

    async find(id: string): Promise<Payload | undefined> {
      const payload = await oauth.find(this.#model, id);
      if (payload === undefined || this.#model !== 'RefreshToken') return payload;
      if (payload['consumed'] === undefined || !(await reuse.allows(payload))) return payload;
      const { consumed: _consumed, ...unconsumed } = payload;
      return unconsumed;
    }

    findByUid(uid: string): Promise<Payload | undefined> {
      return oauth.findByUid(this.#model, uid);
    }

    findByUserCode(userCode: string): Promise<Payload | undefined> {
      return oauth.findByUserCode(this.#model, userCode);
    }

    async consume(id: string): Promise<void> {
      if (await oauth.consume(this.#model, id)) return;
      // A refresh token that reached consume() was live or inside the reuse window.
      if (this.#model === 'RefreshToken') return;
      const grantId = (await oauth.find(this.#model, id))?.['grantId'];
      if (typeof grantId === 'string') await oauth.revokeByGrantId(grantId);
      throw new oidcErrors.InvalidGrant('grant source already consumed');
    }

    destroy(id: string): Promise<void> {
      return oauth.destroy(this.#model, id);
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return oauth.revokeByGrantId(grantId);
    }
  };
}
