import { compileStringMatcher } from '../matchers/string.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'http-path-ok');
const UNAUTHORIZED = result(false, 'http-path-unauthorized');

/** String matcher on the URL path (no query string). */
export const httpPath: Criterion = {
  name: 'http_path',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => (input.http !== undefined && match(input.http.path) ? OK : UNAUTHORIZED);
  },
};
