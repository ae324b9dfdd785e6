import type { TrafficFilter } from '@gatehouse/core';
import { matches } from './filter.ts';
import { routeIdOf, type Recorded } from './recorder.ts';
import { ExchangeRing } from './ring.ts';

/** One ring per route, each sized by `inspect.bufferSize` as it is now (config reloads). */
export class RouteRings {
  private readonly rings = new Map<string, ExchangeRing>();
  private readonly bufferSize: () => number;

  constructor(bufferSize: () => number) {
    this.bufferSize = bufferSize;
  }

  push(r: Recorded): void {
    this.ringFor(routeIdOf(r)).push(r);
  }

  /** Re-counts a held exchange that grew; false when it is not held (any more). */
  update(r: Recorded): boolean {
    return this.rings.get(routeIdOf(r))?.update(r) ?? false;
  }

  find(id: string): Recorded | undefined {
    for (const ring of this.rings.values()) {
      const r = ring.find(id);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  *matching(filter: TrafficFilter): Generator<Recorded> {
    for (const ring of this.rings.values()) {
      for (const r of ring.newestFirst()) if (matches(r, filter)) yield r;
    }
  }

  held(): { readonly exchanges: number; readonly bytes: number; readonly routes: number } {
    let exchanges = 0;
    let bytes = 0;
    for (const ring of this.rings.values()) {
      exchanges += ring.size;
      bytes += ring.bytes;
    }
    return { exchanges, bytes, routes: this.rings.size };
  }

  private ringFor(routeId: string): ExchangeRing {
    const size = this.bufferSize();
    let ring = this.rings.get(routeId);
    if (ring === undefined || ring.capacity !== size) {
      const next = new ExchangeRing(size);
      // A config reload changed the size: keep what fits, oldest first.
      if (ring !== undefined) for (const r of [...ring.newestFirst()].reverse()) next.push(r);
      ring = next;
      this.rings.set(routeId, ring);
    }
    return ring;
  }
}
