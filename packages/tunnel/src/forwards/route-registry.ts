/** `<route>.<namespace>`: the host of a `tunnel://` upstream URL. */
export function routeKey(route: string, namespace: string): string {
  return `${route}.${namespace}`;
}

/**
 * Live endpoints per route key. Several sessions of one owner may serve the same route; each
 * new connection goes to the next one (round-robin), so two laptops share the load.
 */
export class RouteRegistry<T> {
  readonly #routes = new Map<string, { endpoints: T[]; next: number }>();
  /** Told after every add and removal (a cluster node claims and releases routes in the store). */
  readonly #changed: ((key: string) => void) | undefined;

  constructor(changed?: (key: string) => void) {
    this.#changed = changed;
  }

  add(key: string, endpoint: T): void {
    const entry = this.#routes.get(key);
    if (entry === undefined) this.#routes.set(key, { endpoints: [endpoint], next: 0 });
    else entry.endpoints.push(endpoint);
    this.#changed?.(key);
  }

  removeWhere(key: string, match: (endpoint: T) => boolean): void {
    const entry = this.#routes.get(key);
    if (entry === undefined) return;
    entry.endpoints = entry.endpoints.filter((e) => !match(e));
    if (entry.endpoints.length === 0) this.#routes.delete(key);
    this.#changed?.(key);
  }

  has(key: string): boolean {
    return this.#routes.has(key);
  }

  /**
   * The next endpoint for `key` that `usable` accepts (round-robin); when none does, the next one
   * anyway (its failure is the answer); undefined when nobody serves it.
   */
  pick(key: string, usable: (endpoint: T) => boolean = () => true): T | undefined {
    const entry = this.#routes.get(key);
    if (entry === undefined) return undefined;
    const count = entry.endpoints.length;
    const start = entry.next % count;
    for (let i = 0; i < count; i += 1) {
      const endpoint = entry.endpoints[(start + i) % count];
      if (endpoint !== undefined && usable(endpoint)) {
        entry.next = (start + i + 1) % count;
        return endpoint;
      }
    }
    entry.next = (start + 1) % count;
    return entry.endpoints[start];
  }
}
