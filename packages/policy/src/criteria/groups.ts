import { compileStringListMatcher } from '../matchers/string-list.ts';
import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'groups-ok');
const UNAUTHORIZED = result(false, 'groups-unauthorized');
const NONE: readonly string[] = [];

/** String-list matcher on the user's groups. */
export const groups: Criterion = {
  name: 'groups',
  compile(data) {
    const match = compileStringListMatcher(data);
    return (input) => {
      if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
      return match(input.user?.groups ?? NONE) ? OK : UNAUTHORIZED;
    };
  },
};
