import { IssueError } from '../errors.ts';
import { describe } from '../matchers/scalar.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'ssh-publickey-ok');
const UNAUTHORIZED = result(false, 'ssh-publickey-unauthorized');

// `<type> <base64 key> [comment]`, as in authorized_keys (without options).
const KEY =
  /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)\s+([A-Za-z0-9+/]+={0,2})(?:\s.*)?$/;

/** True when the client's key is one of the given authorized_keys lines (comments ignored). */
export const sshPublickey: Criterion = {
  name: 'ssh_publickey',
  compile(data) {
    const lines =
      typeof data === 'string' ? data.split('\n') : Array.isArray(data) ? data : undefined;
    if (lines === undefined) {
      throw new IssueError(
        `expected an authorized_keys line or a list of them, got ${describe(data)}`,
      );
    }
    const keys = new Set<string>();
    lines.forEach((line, i) => {
      const at = Array.isArray(data) ? `[${i}]` : '';
      if (typeof line !== 'string')
        throw new IssueError(`expected a string, got ${describe(line)}`, at);
      if (line.trim() === '' || line.trim().startsWith('#')) return;
      const key = normalize(line);
      if (key === undefined) {
        throw new IssueError(
          'not an authorized_keys line: expected "<type> <base64 key> [comment]"',
          at,
        );
      }
      keys.add(key);
    });
    if (keys.size === 0) throw new IssueError('no keys given');
    return (input) => {
      const key = input.ssh === undefined ? undefined : normalize(input.ssh.publickey);
      return key !== undefined && keys.has(key) ? OK : UNAUTHORIZED;
    };
  },
};

function normalize(line: string): string | undefined {
  const match = KEY.exec(line.trim());
  return match === null ? undefined : `${match[1]} ${match[2]}`;
}
