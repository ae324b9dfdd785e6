import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { configFromText, readConfigText } from './load.ts';
import type { GatewayConfig } from './types.ts';

export interface WatchConfigOptions {
  /** Called only with a wholly valid config; the caller swaps it in atomically. */
  onReload(config: GatewayConfig): void;
  /** A change that cannot be applied; the running config stays as it was. */
  onError(error: GatehouseError): void;
  /** Quiet time after the last change before reloading (default 200 ms). */
  debounceMs?: number;
}

export interface ConfigWatcher {
  close(): void;
}

/**
 * Watches a config file and reloads it on change. The directory is watched, not the file:
 * editors save by writing a new file and renaming it over the old one, and Kubernetes swaps a
 * `..data` symlink. A change whose text equals the last applied one is ignored.
 */
export function watchConfig(path: string, options: WatchConfigOptions): ConfigWatcher {
  const file = resolve(path);
  const name = basename(file);
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  let closed = false;
  let applied: string | undefined;

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  };

  const reload = async (): Promise<void> => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      const text = await readConfigText(path);
      if (text === applied || closed) return;
      const config = configFromText(text, path);
      if (closed) return;
      options.onReload(config);
      applied = text;
    } catch (error) {
      if (!closed) options.onError(asGatehouseError(error));
    } finally {
      running = false;
      if (pending && !closed) {
        pending = false;
        schedule();
      }
    }
  };

  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (changed === null || changed === name || changed.startsWith('..')) schedule();
  });
  watcher.on('error', (error) => {
    if (closed) return;
    const reason = error instanceof Error ? error.message : 'unknown error';
    options.onError(
      new GatehouseError('ERR_CONFIG_WATCH', `cannot watch ${dirname(file)}: ${reason}`, {
        cause: error,
      }),
    );
  });

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}

function asGatehouseError(error: unknown): GatehouseError {
  if (error instanceof GatehouseError) return error;
  return new GatehouseError('ERR_CONFIG_RELOAD', 'reloading the config failed', { cause: error });
}
