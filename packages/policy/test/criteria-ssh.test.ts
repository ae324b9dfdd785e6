import { describe, expect, it } from 'vitest';
import type { PolicyInput, SshInput, UserInput } from '../src/index.ts';
import { anonymous, judge, signedIn } from './support/ppl.ts';

// Public keys only (generated with ssh-keygen for these tests).
const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHBXYBXr/flZbOrTwRDGZB3dVY9R5WEZKYCHMBdRZvDa';
const K2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICsDH0UjApUb1TgqwWcEu7blDqklqe7J8HWQ7IKpZAxO';
const EC =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDDIKripOS2TtNZdI5NUPY9tNcykaqAgkw8ZUcMtweU0WP6EE8i46BuMZNj+CIjDrLe6MH9CgjcmhRFi/gNFUMI=';

const ssh = (username: string, publickey = K1): SshInput => ({ username, publickey });
const anon = (s?: SshInput): PolicyInput => anonymous(s === undefined ? {} : { ssh: s });
const as = (user: UserInput, s?: SshInput): PolicyInput =>
  signedIn(user, s === undefined ? {} : { ssh: s });

type Row = [string, unknown, PolicyInput, boolean, string[]];

describe('ssh_username', () => {
  it.each<Row>([
    ['is', { is: 'deploy' }, anon(ssh('deploy')), true, ['ssh-username-ok']],
    ['bare', 'deploy', anon(ssh('deploy')), true, ['ssh-username-ok']],
    ['other', 'deploy', anon(ssh('root')), false, ['ssh-username-unauthorized']],
    ['in', { in: ['deploy', 'ci'] }, anon(ssh('ci')), true, ['ssh-username-ok']],
    ['not', { not: 'root' }, anon(ssh('root')), false, ['ssh-username-unauthorized']],
    ['no SSH request', { not: 'root' }, anon(), false, ['ssh-username-unauthorized']],
  ])('%s', (_case, data, input, value, reasons) => {
    expect(judge('ssh_username', data, input)).toEqual({ value, reasons });
  });
});

describe('ssh_username_matches_email', () => {
  const alice: UserInput = { id: 'u-a', email: 'alice@example.com' };
  it.each<Row>([
    ['local part equals the user name', true, as(alice, ssh('alice')), true, ['ssh-username-ok']],
    ['data is ignored', null, as(alice, ssh('alice')), true, ['ssh-username-ok']],
    ['other user name', true, as(alice, ssh('root')), false, ['ssh-username-unauthorized']],
    [
      'the whole address is not the user name',
      true,
      as(alice, ssh('alice@example.com')),
      false,
      ['ssh-username-unauthorized'],
    ],
    ['case-sensitive', true, as(alice, ssh('Alice')), false, ['ssh-username-unauthorized']],
    [
      'local part before the last @',
      true,
      as({ id: 'u', email: 'a@b@example.com' }, ssh('a@b')),
      true,
      ['ssh-username-ok'],
    ],
    [
      'email starting with @',
      true,
      as({ id: 'u', email: '@example.com' }, ssh('')),
      false,
      ['ssh-username-unauthorized'],
    ],
    ['no email', true, as({ id: 'u' }, ssh('alice')), false, ['ssh-username-unauthorized']],
    ['no SSH request', true, as(alice), false, ['ssh-username-unauthorized']],
    ['no session', true, anon(ssh('alice')), false, ['user-unauthenticated']],
  ])('%s', (_case, data, input, value, reasons) => {
    expect(judge('ssh_username_matches_email', data, input)).toEqual({ value, reasons });
  });
});

describe('ssh_publickey', () => {
  const ok = ['ssh-publickey-ok'];
  const no = ['ssh-publickey-unauthorized'];
  it.each<Row>([
    ['the same line', K1, anon(ssh('u', K1)), true, ok],
    ['another key', K1, anon(ssh('u', K2)), false, no],
    ['comment in the policy is ignored', `${K1} alice@laptop`, anon(ssh('u', K1)), true, ok],
    ['comment on the client key is ignored', K1, anon(ssh('u', `${K1} other comment`)), true, ok],
    ['different comments', `${K1} a`, anon(ssh('u', `${K1} b`)), true, ok],
    ['surrounding whitespace', `  ${K1}\t`, anon(ssh('u', ` ${K1} `)), true, ok],
    ['multi-line: first', `${K1} a\n${K2} b\n`, anon(ssh('u', K1)), true, ok],
    ['multi-line: second', `${K1} a\n${K2} b\n`, anon(ssh('u', K2)), true, ok],
    ['multi-line: CRLF', `${K1} a\r\n${K2} b\r\n`, anon(ssh('u', K2)), true, ok],
    [
      'multi-line: blank lines and # comments',
      `# team keys\n\n${K2} b\n  # old: ${K1}\n`,
      anon(ssh('u', K1)),
      false,
      no,
    ],
    ['list of lines', [K1, `${EC} ec`], anon(ssh('u', EC)), true, ok],
    ['list with a comment line', ['# ci', K2], anon(ssh('u', K2)), true, ok],
    [
      'same key material under another type',
      K1,
      anon(ssh('u', K1.replace('ssh-ed25519', 'ssh-rsa'))),
      false,
      no,
    ],
    ['a prefix of the key', K1, anon(ssh('u', K1.slice(0, -4))), false, no],
    ['client key that is not a key', K1, anon(ssh('u', 'hello')), false, no],
    ['empty client key', K1, anon(ssh('u', '')), false, no],
    ['no SSH request', K1, anon(), false, no],
  ])('%s', (_case, data, input, value, reasons) => {
    expect(judge('ssh_publickey', data, input)).toEqual({ value, reasons });
  });
});
