#!/usr/bin/env node
// The `gatehouse` binary. Plain JavaScript on purpose: it turns on Node's compile cache before the
// first TypeScript file loads. A start that finds its sources in the cache then never loads Node's
// type stripper (amaro, swc built to WebAssembly: ~20 MB of resident memory for the life of the
// process) and compiles nothing again (docs/adr/0019-compile-cache-and-lazy-modules.md).
// `src/main.ts` is the command itself and still runs directly, without the cache.
import { lstatSync, mkdirSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * `$XDG_CACHE_HOME/gatehouse/compile-cache` (else `~/.cache/…`), created 0700, or undefined when
 * it is not a directory that only this user may write. A cache entry is code this process runs:
 * a directory someone else can write to (Node's default, under the shared /tmp) would let them
 * plant it. Without a safe directory the sources are type-stripped at run time, as before.
 */
function privateCacheDir(env) {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  const own = join(base, 'gatehouse');
  const dir = join(own, 'compile-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const path of [own, dir]) {
      const stat = lstatSync(path);
      if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

// NODE_COMPILE_CACHE (the operator's own directory) or NODE_DISABLE_COMPILE_CACHE: Node decides.
if (
  process.env['NODE_COMPILE_CACHE'] === undefined &&
  process.env['NODE_DISABLE_COMPILE_CACHE'] === undefined
) {
  const dir = privateCacheDir(process.env);
  if (dir !== undefined) enableCompileCache(dir);
}
await import('../src/main.ts');
