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
