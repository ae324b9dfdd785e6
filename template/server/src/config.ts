import { z } from 'zod';

/** Everything the server reads from the environment (and `.env`), validated once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Public URL where the built `assets/` folder is served (production); empty = inline assets. */
  readonly baseUrl: string | undefined;
  readonly widgetPort: number;
  readonly inlineDevMode: boolean;
  /** Browser origins allowed besides loopback ones (exact `scheme://host[:port]`). */
  readonly allowedOrigins: readonly string[];
  /** Host header names allowed besides loopback names (DNS-rebinding protection). */
  readonly allowedHosts: readonly string[];
  /** Idle time after which a 2025-era session is closed, in milliseconds. */
  readonly sessionMaxAgeMs: number;
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number;
}

export class ConfigError extends Error {
  readonly code = 'ERR_TEMPLATE_CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const origin = z.string().refine(isExactOrigin, {
  error: (issue) =>
    `"${String(issue.input)}" is not an origin like https://app.example.com (no path, no wildcard)`,
});

const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(item));

const hostName = z
  .string()
  .regex(/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i, {
    error: (issue) => `"${String(issue.input)}" is not a host name (no scheme, port or path)`,
  })
  .transform((v) => v.toLowerCase());

const baseUrl = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine(
    (v) => v === '' || (/^https?:\/\//.test(v) && URL.canParse(v)),
    'must be an absolute URL starting with https:// or http://',
  )
  .transform((v) => (v === '' ? undefined : v));

const schema = z.object({
  PORT: integer(0, 65535).default(8080),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BASE_URL: baseUrl.optional(),
  WIDGET_PORT: integer(1, 65535).default(4444),
  INLINE_DEV_MODE: boolean.default(false),
  ALLOWED_ORIGINS: list(origin).default([]),
  ALLOWED_HOSTS: list(hostName).default([]),
  SESSION_MAX_AGE: integer(1000, 7 * 24 * 3600 * 1000).default(3_600_000),
  MAX_BODY_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
});

/**
 * Validates the environment. Empty strings count as unset. Throws ConfigError naming every bad
 * variable, e.g. `PORT: must be a whole number between 0 and 65535 (got "abc")`.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '?');
        const got = input[key];
        return `${key}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`;
      }),
    );
  }
  const c = parsed.data;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    nodeEnv: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    baseUrl: c.BASE_URL,
    widgetPort: c.WIDGET_PORT,
    inlineDevMode: c.INLINE_DEV_MODE,
    allowedOrigins: Object.freeze(c.ALLOWED_ORIGINS.map((o) => new URL(o).origin)),
    allowedHosts: Object.freeze(c.ALLOWED_HOSTS),
    sessionMaxAgeMs: c.SESSION_MAX_AGE,
    maxBodyBytes: c.MAX_BODY_BYTES,
  });
}

/** Which way widget HTML is produced: see @gatehouse/app-kit AssetMode. */
export function assetModeOf(config: ServerConfig): 'dev' | 'inline' | 'production' {
  if (config.nodeEnv === 'production') return 'production';
  return config.inlineDevMode ? 'inline' : 'dev';
}

function isExactOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !value.includes('*') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    !/^[a-z]+:\/\/[^/]*\/./i.test(value) &&
    !value.includes('?') &&
    !value.includes('#')
  );
}
