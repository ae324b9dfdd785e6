import { describe, expect, it } from 'vitest';
import type { HttpInput, PolicyInput } from '../src/index.ts';
import { anonymous, http, judge, signedIn } from './support/ppl.ts';

const req = (overrides: Partial<HttpInput>): PolicyInput => anonymous({ http: http(overrides) });
const NO_HTTP = anonymous();

type Row = [string, string, unknown, PolicyInput, boolean, string[]];

describe('http_method and http_path', () => {
  it.each<Row>([
    ['method: is', 'http_method', { is: 'GET' }, req({ method: 'GET' }), true, ['http-method-ok']],
    ['method: bare', 'http_method', 'POST', req({ method: 'POST' }), true, ['http-method-ok']],
    [
      'method: other',
      'http_method',
      'GET',
      req({ method: 'POST' }),
      false,
      ['http-method-unauthorized'],
    ],
    [
      'method: in',
      'http_method',
      { in: ['GET', 'HEAD'] },
      req({ method: 'HEAD' }),
      true,
      ['http-method-ok'],
    ],
    [
      'method: not_in',
      'http_method',
      { not_in: ['GET', 'HEAD'] },
      req({ method: 'DELETE' }),
      true,
      ['http-method-ok'],
    ],
    [
      'method: case-sensitive as sent',
      'http_method',
      'GET',
      req({ method: 'get' }),
      false,
      ['http-method-unauthorized'],
    ],
    [
      'method: no HTTP request',
      'http_method',
      { not: 'GET' },
      NO_HTTP,
      false,
      ['http-method-unauthorized'],
    ],
    ['path: is', 'http_path', { is: '/admin' }, req({ path: '/admin' }), true, ['http-path-ok']],
    [
      'path: starts_with',
      'http_path',
      { starts_with: '/api/' },
      req({ path: '/api/v1/x' }),
      true,
      ['http-path-ok'],
    ],
    [
      'path: other',
      'http_path',
      { starts_with: '/api/' },
      req({ path: '/apix' }),
      false,
      ['http-path-unauthorized'],
    ],
    [
      'path: no HTTP request',
      'http_path',
      { not: '/x' },
      NO_HTTP,
      false,
      ['http-path-unauthorized'],
    ],
    ['path: needs no session', 'http_path', '/', req({ path: '/' }), true, ['http-path-ok']],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});

describe('cors_preflight', () => {
  const preflight = {
    origin: 'https://app.example.com',
    'access-control-request-method': 'POST',
  };
  it.each<Row>([
    [
      'OPTIONS with Origin and Access-Control-Request-Method',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS', headers: preflight }),
      true,
      ['cors-request'],
    ],
    [
      'data is ignored',
      'cors_preflight',
      false,
      req({ method: 'OPTIONS', headers: preflight }),
      true,
      ['cors-request'],
    ],
    [
      'anonymous or signed in alike',
      'cors_preflight',
      true,
      signedIn(undefined, { http: http({ method: 'OPTIONS', headers: preflight }) }),
      true,
      ['cors-request'],
    ],
    [
      'GET with the headers',
      'cors_preflight',
      true,
      req({ method: 'GET', headers: preflight }),
      false,
      ['non-cors-request'],
    ],
    [
      'OPTIONS without Origin',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } }),
      false,
      ['non-cors-request'],
    ],
    [
      'OPTIONS without Access-Control-Request-Method',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS', headers: { origin: 'https://a' } }),
      false,
      ['non-cors-request'],
    ],
    [
      'OPTIONS with an empty Origin',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS', headers: { ...preflight, origin: '' } }),
      false,
      ['non-cors-request'],
    ],
    [
      'OPTIONS with an undefined header value',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS', headers: { ...preflight, origin: undefined } }),
      false,
      ['non-cors-request'],
    ],
    [
      'plain OPTIONS',
      'cors_preflight',
      true,
      req({ method: 'OPTIONS' }),
      false,
      ['non-cors-request'],
    ],
    ['no HTTP request', 'cors_preflight', true, NO_HTTP, false, ['non-cors-request']],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});
