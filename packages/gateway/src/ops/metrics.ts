import { HistogramSeries, LATENCY_BUCKETS } from './histogram.ts';
import { header, METRIC_NAME, sample as formatSample } from './exposition.ts';

export interface Metrics {
  /** Counts one response the edge sent (`route` is the route id, `-` for none). */
  recordRequest(route: string, status: number): void;
  /** Time from dialing the upstream to its response headers, in seconds. */
  observeUpstreamLatency(route: string, seconds: number): void;
  /** A gauge read at scrape time, e.g. `gatehouse_active_sessions`. A read that fails is left out. */
  setGauge(name: string, read: () => number | Promise<number>, help?: string): void;
  /** A gauge with one sample per label set, read at scrape time (e.g. certificate expiry by name). */
  setGaugeFamily(
    name: string,
    help: string,
    read: () => ReadonlyArray<{ labels: ReadonlyArray<[string, string]>; value: number }>,
  ): void;
  /** Prometheus text format 0.0.4. */
  render(): Promise<string>;
}

const REQUESTS = 'gatehouse_http_requests_total';
const LATENCY = 'gatehouse_upstream_latency_seconds';

const GAUGE_HELP: Readonly<Record<string, string>> = {
  gatehouse_active_sessions: 'Sessions not yet past their absolute expiry.',
};

/**
 * In-process metrics: the hot path is two Map lookups and an increment. `node` (the gateway's
 * node id) labels every sample, so a scraper of several nodes or workers tells them apart.
 */
export function createMetrics(options: { readonly node?: string } = {}): Metrics {
  const constant: ReadonlyArray<[string, string]> =
    options.node === undefined ? [] : [['node', options.node]];
  const sample = (
    name: string,
    labels: ReadonlyArray<readonly [string, string]>,
    value: number,
  ): string => formatSample(name, [...constant, ...labels], value);
  const requests = new Map<string, Map<number, number>>();
  const latency = new Map<string, HistogramSeries>();
  const gauges = new Map<string, { read: () => number | Promise<number>; help: string }>();
  const families = new Map<
    string,
    {
      help: string;
      read: () => ReadonlyArray<{ labels: ReadonlyArray<[string, string]>; value: number }>;
    }
  >();

  return {
    recordRequest(route, status) {
      let byCode = requests.get(route);
      if (byCode === undefined) requests.set(route, (byCode = new Map<number, number>()));
      byCode.set(status, (byCode.get(status) ?? 0) + 1);
    },
    observeUpstreamLatency(route, seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return;
      let series = latency.get(route);
      if (series === undefined) latency.set(route, (series = new HistogramSeries(LATENCY_BUCKETS)));
      series.observe(LATENCY_BUCKETS, seconds);
    },
    setGauge(name, read, help) {
      if (!METRIC_NAME.test(name)) throw new TypeError(`not a Prometheus metric name: ${name}`);
      gauges.set(name, { read, help: help ?? GAUGE_HELP[name] ?? name });
    },
    setGaugeFamily(name, help, read) {
      if (!METRIC_NAME.test(name)) throw new TypeError(`not a Prometheus metric name: ${name}`);
      families.set(name, { help, read });
    },
    async render() {
      const lines = [
        ...requestLines(requests, sample),
        ...latencyLines(latency, sample),
        ...(await gaugeLines(gauges, sample)),
      ];
      for (const [name, family] of families) {
        lines.push(...header(name, 'gauge', family.help));
        for (const { labels, value } of family.read()) lines.push(sample(name, [...labels], value));
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

type Sample = (
  name: string,
  labels: ReadonlyArray<readonly [string, string]>,
  value: number,
) => string;

function requestLines(
  requests: ReadonlyMap<string, ReadonlyMap<number, number>>,
  sample: Sample,
): string[] {
  const lines = header(
    REQUESTS,
    'counter',
    'HTTP responses sent by the edge, by route and status code.',
  );
  for (const [route, byCode] of requests) {
    for (const [code, n] of byCode) {
      lines.push(
        sample(
          REQUESTS,
          [
            ['route', route],
            ['code', String(code)],
          ],
          n,
        ),
      );
    }
  }
  return lines;
}

function latencyLines(latency: ReadonlyMap<string, HistogramSeries>, sample: Sample): string[] {
  const lines = header(
    LATENCY,
    'histogram',
    'Time from dialing the upstream to its response headers.',
  );
  for (const [route, series] of latency) {
    const cumulative = series.cumulative();
    cumulative.forEach((n, i) => {
      const le = i < LATENCY_BUCKETS.length ? String(LATENCY_BUCKETS[i]) : '+Inf';
      lines.push(
        sample(
          `${LATENCY}_bucket`,
          [
            ['route', route],
            ['le', le],
          ],
          n,
        ),
      );
    });
    lines.push(sample(`${LATENCY}_sum`, [['route', route]], series.sum));
    lines.push(sample(`${LATENCY}_count`, [['route', route]], series.count));
  }
  return lines;
}

/** Gauges are read at scrape time, all at once; a read that fails leaves only the header. */
async function gaugeLines(
  gauges: ReadonlyMap<string, { read: () => number | Promise<number>; help: string }>,
  sample: Sample,
): Promise<string[]> {
  const read = await Promise.all(
    [...gauges].map(async ([name, g]) => {
      try {
        return { name, help: g.help, value: await g.read() };
      } catch {
        return { name, help: g.help, value: undefined };
      }
    }),
  );
  const lines: string[] = [];
  for (const { name, help, value } of read) {
    lines.push(...header(name, 'gauge', help));
    if (value !== undefined) lines.push(sample(name, [], value));
  }
  return lines;
}
