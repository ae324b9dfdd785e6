import type { BenchContext } from '../benchmark.ts';
import type { GetTarget } from '../gateway/compare-gets.ts';
import { median, percentile } from '../lib/stats.ts';
import { timeDownload } from './download.ts';
import { sseLatencies } from './sse-latency.ts';
import { DOWNLOAD_BYTES } from './upstream-server.ts';

export const SSE_EVENTS = 200;
export const SSE_GAP_MS = 10;

export interface DownloadMeasure {
  /** Median of the rounds, in ms for DOWNLOAD_BYTES. */
  readonly medianMs: number;
  readonly roundsMs: readonly number[];
}

export interface SseMeasure {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** 10⁶ bytes per second for a download of DOWNLOAD_BYTES in `ms`. */
export const megabytesPerSecond = (ms: number): number => DOWNLOAD_BYTES / 1e6 / (ms / 1000);

/**
 * One discarded download per target, then `context.rounds` rounds of one download per target,
 * the first target rotating; the median round counts.
 */
export async function measureDownloads(
  context: BenchContext,
  targets: readonly GetTarget[],
): Promise<Map<GetTarget, DownloadMeasure>> {
  const url = (t: GetTarget) => `http://127.0.0.1:${t.port}/download`;
  for (const target of targets) await timeDownload(url(target), DOWNLOAD_BYTES);
  const rounds = new Map<GetTarget, number[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < context.rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(round + k) % targets.length];
      if (target === undefined) continue;
      const ms = await timeDownload(url(target), DOWNLOAD_BYTES);
      rounds.get(target)?.push(ms);
      context.log(
        `    download round ${round + 1} ${target.name}: ${megabytesPerSecond(ms).toFixed(0)} MB/s`,
      );
    }
  }
  const out = new Map<GetTarget, DownloadMeasure>();
  for (const [target, ms] of rounds) out.set(target, { medianMs: median(ms), roundsMs: ms });
  return out;
}

/** One stream of SSE_EVENTS events SSE_GAP_MS apart per target, one target at a time. */
export async function measureSse(
  context: BenchContext,
  targets: readonly GetTarget[],
): Promise<Map<GetTarget, SseMeasure>> {
  const out = new Map<GetTarget, SseMeasure>();
  for (const target of targets) {
    const latencies = await sseLatencies(target.port, SSE_EVENTS, SSE_GAP_MS);
    const measure = { p50Ms: median(latencies), p99Ms: percentile(latencies, 99) };
    if (measure.p50Ms < 0) {
      throw new Error(`${target.name}: negative SSE latency (the clocks disagree)`);
    }
    out.set(target, measure);
    context.log(
      `    SSE ${target.name}: p50 ${measure.p50Ms.toFixed(3)} ms, p99 ${measure.p99Ms.toFixed(3)} ms`,
    );
  }
  return out;
}
