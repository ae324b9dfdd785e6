import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatehouseError } from '@gatehouse/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConfigWatcher, type GatewayConfig, watchConfig } from '../../src/config/index.ts';

const route = (name: string, port: number) =>
  `  - { from: "http://${name}.localhost:8787", to: "http://127.0.0.1:${port}" }\n`;

/** Collects watcher callbacks and lets a test wait for the next one. */
function recorder() {
  const events: Array<
    { kind: 'reload'; config: GatewayConfig } | { kind: 'error'; error: GatehouseError }
  > = [];
  let wake: (() => void) | undefined;
  const push = (e: (typeof events)[number]) => {
    events.push(e);
    wake?.();
  };
  return {
    events,
    onReload: (config: GatewayConfig) => push({ kind: 'reload', config }),
    onError: (error: GatehouseError) => push({ kind: 'error', error }),
    async next(count: number) {
      while (events.length < count) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      return events[count - 1];
    },
  };
}

let dir: string;
let file: string;
let watcher: ConfigWatcher | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gh-watch-'));
  file = join(dir, 'gatehouse.yaml');
  await writeFile(file, `routes:\n${route('one', 3001)}`);
});
afterEach(async () => {
  watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Saves like an editor: write a temp file, then rename it over the config. */
async function save(text: string) {
  const temp = join(dir, '.gatehouse.yaml.swp');
  await writeFile(temp, text);
  await rename(temp, file);
}

describe('watchConfig', () => {
  it('reloads a valid change, rejects an invalid one, then reloads again', async () => {
    const r = recorder();
    watcher = watchConfig(file, { onReload: r.onReload, onError: r.onError, debounceMs: 20 });

    await save(`routes:\n${route('one', 3001)}${route('two', 3002)}`);
    const first = await r.next(1);
    expect(first?.kind).toBe('reload');
    if (first?.kind === 'reload') {
      expect(first.config.routes.map((x) => x.id)).toEqual(['one', 'two']);
      expect(Object.isFrozen(first.config)).toBe(true);
    }

    await save(
      `routes:\n${route('one', 3001)}  - { from: "http://bad.localhost", to: "ftp://x" }\n`,
    );
    const second = await r.next(2);
    expect(second?.kind).toBe('error');
    if (second?.kind === 'error') {
      expect(second.error.code).toBe('ERR_CONFIG_INVALID');
      expect(second.error.message).toContain('routes[1].to: must be http:// or https://');
    }

    await writeFile(file, `routes:\n${route('three', 3003)}`);
    const third = await r.next(3);
    expect(third?.kind).toBe('reload');
    if (third?.kind === 'reload') expect(third.config.routes.map((x) => x.id)).toEqual(['three']);
    expect(r.events.map((e) => e.kind)).toEqual(['reload', 'error', 'reload']);
  });

  it('a deleted file reports ERR_CONFIG_READ and nothing is reloaded', async () => {
    const r = recorder();
    watcher = watchConfig(file, { onReload: r.onReload, onError: r.onError, debounceMs: 20 });
    await rm(file);
    const event = await r.next(1);
    expect(event?.kind).toBe('error');
    if (event?.kind === 'error') expect(event.error.code).toBe('ERR_CONFIG_READ');
  });

  it('ignores other files in the directory and stops after close', async () => {
    const r = recorder();
    watcher = watchConfig(file, { onReload: r.onReload, onError: r.onError, debounceMs: 20 });
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(r.events).toEqual([]);
    watcher.close();
    await save(`routes:\n${route('later', 3009)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(r.events).toEqual([]);
  });
});
