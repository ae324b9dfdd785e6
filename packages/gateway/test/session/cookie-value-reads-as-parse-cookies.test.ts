import { describe, expect, it } from 'vitest';
import { cookieValue, parseCookies } from '../../src/session/cookies.ts';

// The edge reads its session cookie with cookieValue (no map per request, ADR 0020); it must
// answer exactly as parseCookies(header).get(name) does, first occurrence winning.

const NAME = '_gatehouse_session';
const headers = [
  undefined,
  '',
  `${NAME}=abc`,
  ` ${NAME} = abc ; other=1`,
  `other=1; ${NAME}=first; ${NAME}=second`,
  `x${NAME}=no; ${NAME}x=no; ${NAME}=yes`,
  `${NAME}; ${NAME}=after-a-bare-name`,
  `=${NAME}; a=${NAME}=b; ${NAME}=v=with=equals`,
  `a=1;;${NAME}=;b=2`,
  `a=1; b=2`,
  `${NAME}`,
  `;${NAME}=tail;`,
];

describe('cookieValue', () => {
  it.each(headers)('reads %j as parseCookies does', (header) => {
    expect(cookieValue(header, NAME)).toBe(parseCookies(header).get(NAME));
  });
});
