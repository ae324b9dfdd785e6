/**
 * A per-IdP in-memory storage adapter for oidc-provider (its adapter interface: upsert, find,
 * findByUid, findByUserCode, consume, destroy, revokeByGrantId). Passing our own keeps each test
 * IdP's state separate and avoids the provider's "development-only adapter" warning.
 */
type Payload = Record<string, unknown>;

interface Entry {
  payload: Payload;
  readonly expiresAt: number;
}

export type AdapterClass = new (model: string) => object;

export function memoryAdapter(): AdapterClass {
  const entries = new Map<string, Entry>();
  const live = (key: string): Payload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const findBy = (field: string, value: string, model: string) => {
    for (const [key] of entries) {
      const payload = key.startsWith(`${model}:`) ? live(key) : undefined;
      if (payload?.[field] === value) return payload;
    }
    return undefined;
  };

  return class MemoryAdapter {
    readonly #model: string;
    constructor(model: string) {
      this.#model = model;
    }
    #key(id: string): string {
      return `${this.#model}:${id}`;
    }
    upsert(id: string, payload: Payload, expiresIn: number | undefined): Promise<void> {
      const ttl = expiresIn === undefined ? 3_600 : expiresIn;
      entries.set(this.#key(id), { payload: { ...payload }, expiresAt: Date.now() + ttl * 1_000 });
      return Promise.resolve();
    }
    find(id: string): Promise<Payload | undefined> {
      return Promise.resolve(live(this.#key(id)));
    }
    findByUid(uid: string): Promise<Payload | undefined> {
      return Promise.resolve(findBy('uid', uid, this.#model));
    }
    findByUserCode(userCode: string): Promise<Payload | undefined> {
      return Promise.resolve(findBy('userCode', userCode, this.#model));
    }
    consume(id: string): Promise<void> {
      const payload = live(this.#key(id));
      if (payload !== undefined) payload['consumed'] = Math.floor(Date.now() / 1_000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      entries.delete(this.#key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of entries)
        if (entry.payload['grantId'] === grantId) entries.delete(key);
      return Promise.resolve();
    }
  };
}
