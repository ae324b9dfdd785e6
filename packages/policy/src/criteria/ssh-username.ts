import { compileStringMatcher } from '../matchers/string.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'ssh-username-ok');
const UNAUTHORIZED = result(false, 'ssh-username-unauthorized');

/** String matcher on the SSH user name the client asked for. */
export const sshUsername: Criterion = {
  name: 'ssh_username',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => (input.ssh !== undefined && match(input.ssh.username) ? OK : UNAUTHORIZED);
  },
};
