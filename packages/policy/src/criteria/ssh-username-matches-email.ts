import { result, signedIn, UNAUTHENTICATED_RESULT, type Criterion } from './criterion.ts';

const OK = result(true, 'ssh-username-ok');
const UNAUTHORIZED = result(false, 'ssh-username-unauthorized');

/** True when the SSH user name equals the local part of the signed-in user's email. */
export const sshUsernameMatchesEmail: Criterion = {
  name: 'ssh_username_matches_email',
  compile: () => (input) => {
    if (!signedIn(input)) return UNAUTHENTICATED_RESULT;
    const address = input.user?.email;
    const at = address?.lastIndexOf('@') ?? -1;
    if (input.ssh === undefined || address === undefined || at <= 0) return UNAUTHORIZED;
    return input.ssh.username === address.slice(0, at) ? OK : UNAUTHORIZED;
  },
};
