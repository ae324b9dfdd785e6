import { describe, expect, it } from 'vitest';
import { assetModeOf, ConfigError, loadConfig } from '../src/config.ts';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      nodeEnv: 'development',
      logLevel: 'info',
      baseUrl: undefined,
      widgetPort: 4444,
      inlineDevMode: false,
      allowedOrigins: [],
      allowedHosts: [],
      sessionMaxAgeMs: 3_600_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(assetModeOf(config)).toBe('dev');
  });

  it('parses every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      BASE_URL: 'https://cdn.example.com/app/',
      WIDGET_PORT: '5555',
      INLINE_DEV_MODE: 'true',
      ALLOWED_ORIGINS: 'https://chatgpt.com, https://claude.ai/',
      ALLOWED_HOSTS: 'MCP.example.com,[::1]',
      SESSION_MAX_AGE: '60000',
    });
    expect(config).toMatchObject({
      port: 9000,
      nodeEnv: 'production',
      logLevel: 'debug',
      baseUrl: 'https://cdn.example.com/app',
      widgetPort: 5555,
      inlineDevMode: true,
      allowedOrigins: ['https://chatgpt.com', 'https://claude.ai'],
      allowedHosts: ['mcp.example.com', '[::1]'],
      sessionMaxAgeMs: 60_000,
    });
    expect(assetModeOf(config)).toBe('production');
    expect(assetModeOf(loadConfig({ INLINE_DEV_MODE: '1' }))).toBe('inline');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', BASE_URL: ' ' }).port).toBe(8080);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: must be a whole number between 0 and 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT: must be at most 65535/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV: .*\(got "staging"\)/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [
      { BASE_URL: 'cdn.example.com' },
      /^BASE_URL: must be an absolute URL starting with https:\/\//,
    ],
    [{ INLINE_DEV_MODE: 'maybe' }, /^INLINE_DEV_MODE: must be true or false/],
    [{ ALLOWED_ORIGINS: 'https://*.example.com' }, /^ALLOWED_ORIGINS: .*no path, no wildcard/],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, /^ALLOWED_ORIGINS: /],
    [{ ALLOWED_HOSTS: 'https://mcp.example.com' }, /^ALLOWED_HOSTS: .*not a host name/],
    [{ SESSION_MAX_AGE: '10' }, /^SESSION_MAX_AGE: must be at least 1000/],
  ])('names the bad variable: %o', (env, pattern) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(pattern);
  });

  it('reports every bad variable at once', () => {
    expect(problems({ PORT: 'x', WIDGET_PORT: 'y' })).toHaveLength(2);
  });
});
