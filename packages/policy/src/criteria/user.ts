import { compileStringMatcher } from '../matchers/string.ts';
import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'user-ok');
const UNAUTHORIZED = result(false, 'user-unauthorized');

/** String matcher on the user id (the identity provider's subject). */
export const user: Criterion = {
  name: 'user',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => {
      if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
      const id = input.user?.id;
      return id !== undefined && id !== '' && match(id) ? OK : UNAUTHORIZED;
    };
  },
};
