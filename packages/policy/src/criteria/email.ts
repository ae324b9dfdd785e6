import { compileStringMatcher } from '../matchers/string.ts';
import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'email-ok');
const UNAUTHORIZED = result(false, 'email-unauthorized');

/** String matcher on the signed-in user's email address. */
export const email: Criterion = {
  name: 'email',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => {
      if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
      const value = input.user?.email;
      return value !== undefined && match(value) ? OK : UNAUTHORIZED;
    };
  },
};
