export { createAdminServer, type AdminServerOptions, type HealthReport } from './admin-server.ts';
export { LATENCY_BUCKETS } from './histogram.ts';
export { createMetrics, type Metrics } from './metrics.ts';
