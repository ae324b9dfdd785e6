import { compileStringMatcher } from '../matchers/string.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'http-method-ok');
const UNAUTHORIZED = result(false, 'http-method-unauthorized');

/** String matcher on the HTTP method (upper-case, as sent). */
export const httpMethod: Criterion = {
  name: 'http_method',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => (input.http !== undefined && match(input.http.method) ? OK : UNAUTHORIZED);
  },
};
