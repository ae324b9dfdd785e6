import { result, type Criterion } from './criterion.ts';

const CORS = result(true, 'cors-request');
const NOT_CORS = result(false, 'non-cors-request');

/** True for a CORS preflight: OPTIONS with `Access-Control-Request-Method` and `Origin`. */
export const corsPreflight: Criterion = {
  name: 'cors_preflight',
  compile: () => (input) => {
    const http = input.http;
    return http !== undefined &&
      http.method === 'OPTIONS' &&
      (http.headers['access-control-request-method'] ?? '') !== '' &&
      (http.headers['origin'] ?? '') !== ''
      ? CORS
      : NOT_CORS;
  },
};
