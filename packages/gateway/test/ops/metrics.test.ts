import { describe, expect, it } from 'vitest';
import { createMetrics, LATENCY_BUCKETS } from '../../src/ops/index.ts';
import { parseExposition, type ParsedSample } from './exposition.ts';

const pick = (samples: ParsedSample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );

describe('request counter', () => {
  it('counts by route and status code, with HELP and TYPE', async () => {
    const m = createMetrics();
    m.recordRequest('app', 200);
    m.recordRequest('app', 200);
    m.recordRequest('app', 502);
    m.recordRequest('-', 404);
    const { samples, type, help } = parseExposition(await m.render());
    expect(type.get('gatehouse_http_requests_total')).toBe('counter');
    expect(help.get('gatehouse_http_requests_total')).toMatch(/\S/);
    expect(pick(samples, 'gatehouse_http_requests_total')).toEqual([
      { name: 'gatehouse_http_requests_total', labels: { route: 'app', code: '200' }, value: 2 },
      { name: 'gatehouse_http_requests_total', labels: { route: 'app', code: '502' }, value: 1 },
      { name: 'gatehouse_http_requests_total', labels: { route: '-', code: '404' }, value: 1 },
    ]);
  });

  it('escapes backslash, quote and line feed in label values', async () => {
    const m = createMetrics();
    const nasty = 'a\\b"c\nd';
    m.recordRequest(nasty, 200);
    const text = await m.render();
    expect(text).toContain('route="a\\\\b\\"c\\nd"');
    const [s] = pick(parseExposition(text).samples, 'gatehouse_http_requests_total');
    expect(s?.labels.route).toBe(nasty);
  });
});

describe('upstream latency histogram', () => {
  it('has cumulative, monotonic buckets ending in +Inf = count, and a sum', async () => {
    const m = createMetrics();
    const observations = [0.0005, 0.001, 0.003, 0.2, 0.2, 0.9, 3, 42];
    for (const s of observations) m.observeUpstreamLatency('app', s);
    m.observeUpstreamLatency('other', 0.05);
    const { samples, type } = parseExposition(await m.render());
    expect(type.get('gatehouse_upstream_latency_seconds')).toBe('histogram');

    const buckets = pick(samples, 'gatehouse_upstream_latency_seconds_bucket', { route: 'app' });
    expect(buckets.map((b) => b.labels.le)).toEqual([...LATENCY_BUCKETS.map(String), '+Inf']);
    expect(buckets.map((b) => b.labels.le)).toEqual([
      '0.001',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
    const counts = buckets.map((b) => b.value);
    for (let i = 1; i < counts.length; i++)
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
    // le is inclusive: 0.001 falls in the 0.001 bucket.
    expect(counts).toEqual([2, 3, 3, 3, 3, 3, 5, 5, 6, 6, 7, 7, 8]);
    const [count] = pick(samples, 'gatehouse_upstream_latency_seconds_count', { route: 'app' });
    const [sum] = pick(samples, 'gatehouse_upstream_latency_seconds_sum', { route: 'app' });
    expect(count?.value).toBe(observations.length);
    expect(counts.at(-1)).toBe(count?.value);
    expect(sum?.value).toBeCloseTo(
      observations.reduce((a, b) => a + b, 0),
      9,
    );
    expect(
      pick(samples, 'gatehouse_upstream_latency_seconds_count', { route: 'other' })[0]?.value,
    ).toBe(1);
  });

  it('ignores impossible observations', async () => {
    const m = createMetrics();
    m.observeUpstreamLatency('app', -1);
    m.observeUpstreamLatency('app', Number.NaN);
    const { samples } = parseExposition(await m.render());
    expect(pick(samples, 'gatehouse_upstream_latency_seconds_count')).toEqual([]);
  });
});

describe('gauges', () => {
  it('are read at scrape time, sync or async', async () => {
    const m = createMetrics();
    let active = 3;
    m.setGauge('gatehouse_active_sessions', () => Promise.resolve(active));
    m.setGauge('gatehouse_routes', () => 2, 'Configured routes.');
    const first = parseExposition(await m.render());
    expect(first.type.get('gatehouse_active_sessions')).toBe('gauge');
    expect(first.help.get('gatehouse_routes')).toBe('Configured routes.');
    expect(pick(first.samples, 'gatehouse_active_sessions')[0]?.value).toBe(3);
    expect(pick(first.samples, 'gatehouse_routes')[0]?.value).toBe(2);
    active = 5;
    const second = parseExposition(await m.render());
    expect(pick(second.samples, 'gatehouse_active_sessions')[0]?.value).toBe(5);
  });

  it('a gauge whose read fails is left out; the rest still render', async () => {
    const m = createMetrics();
    m.setGauge('gatehouse_active_sessions', () => Promise.reject(new Error('db locked')));
    m.recordRequest('app', 200);
    const { samples } = parseExposition(await m.render());
    expect(pick(samples, 'gatehouse_active_sessions')).toEqual([]);
    expect(pick(samples, 'gatehouse_http_requests_total')).toHaveLength(1);
  });

  it('rejects a name Prometheus would not accept', () => {
    expect(() => createMetrics().setGauge('bad-name', () => 1)).toThrow(TypeError);
  });
});
