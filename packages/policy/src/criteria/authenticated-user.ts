import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'user-ok');
const UNAUTHORIZED = result(false, 'user-unauthorized');

/** True for any signed-in user with a non-empty id. Any data is ignored. */
export const authenticatedUser: Criterion = {
  name: 'authenticated_user',
  compile: () => (input) => {
    if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
    return input.user?.id ? OK : UNAUTHORIZED;
  },
};
