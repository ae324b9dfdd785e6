import { readdir, readFile } from 'node:fs/promises';

// What Linux reports about a process, from /proc. The idle-streams benchmark is Linux-only.

/** Resident set size in KiB (`VmRSS` in /proc/<pid>/status). */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib);
}

/** Open file descriptors right now. */
export async function openFiles(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

/** The `Max open files` limit of a process (soft by default): a count, or Infinity. */
export async function openFilesLimit(
  pid: number | 'self',
  which: 'soft' | 'hard' = 'soft',
): Promise<number> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)\s/m.exec(limits);
  const value = m?.[which === 'soft' ? 1 : 2];
  if (value === undefined) throw new Error(`no "Max open files" in /proc/${pid}/limits`);
  return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value);
}

/**
 * Resident KiB by kind of mapping (/proc/<pid>/smaps): `malloc` is the `[heap]` mapping, the
 * main thread's glibc arena, where Node and libuv keep their native per-connection state;
 * `anonymous` is every unnamed private mapping, mostly V8's heap pages (young generation
 * included) and other threads' arenas.
 */
export async function residentByKind(
  pid: number,
): Promise<{ readonly malloc: number; readonly anonymous: number }> {
  const smaps = await readFile(`/proc/${pid}/smaps`, 'utf8');
  let malloc = 0;
  let anonymous = 0;
  let kind: 'malloc' | 'anonymous' | undefined;
  for (const line of smaps.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+(?:\s+(.*))?$/.exec(line);
    if (mapping !== null) {
      const name = mapping[1]?.trim() ?? '';
      kind = name === '[heap]' ? 'malloc' : name === '' ? 'anonymous' : undefined;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line)?.[1];
    if (rss === undefined || kind === undefined) continue;
    if (kind === 'malloc') malloc += Number(rss);
    else anonymous += Number(rss);
  }
  return { malloc, anonymous };
}

/**
 * Whether this process may raise a hard resource limit: CAP_SYS_RESOURCE (capability 24,
 * capabilities(7)) in its bounding set. Without it even root cannot, and neither can any child.
 */
export async function mayRaiseHardLimits(): Promise<boolean> {
  const status = await readFile('/proc/self/status', 'utf8');
  const hex = /^CapBnd:\s+([0-9a-f]+)$/m.exec(status)?.[1];
  if (hex === undefined) return false;
  return ((BigInt(`0x${hex}`) >> 24n) & 1n) === 1n;
}
