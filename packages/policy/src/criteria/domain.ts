import { compileStringMatcher } from '../matchers/string.ts';
import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'domain-ok');
const UNAUTHORIZED = result(false, 'domain-unauthorized');

/** String matcher on the part of the user's email after the last `@`. */
export const domain: Criterion = {
  name: 'domain',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => {
      if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
      const address = input.user?.email;
      const at = address?.lastIndexOf('@') ?? -1;
      if (address === undefined || at < 0) return UNAUTHORIZED;
      return match(address.slice(at + 1)) ? OK : UNAUTHORIZED;
    };
  },
};
