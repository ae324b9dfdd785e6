import type { SshSignInOutcome } from '@gatehouse/core';

/** The keyboard-interactive title, as pom.run shows it. */
export const SIGN_IN_TITLE = 'Please sign in to continue';

/**
 * Shown (as a keyboard-interactive info request) to a client that offered no key, or only keys
 * that could not be used: without it OpenSSH only prints "Permission denied (publickey).".
 */
export function noKeyText(keyRefused: boolean): { title: string; message: string } {
  const make = 'Create one with `ssh-keygen -t ed25519` and run the command again.';
  return !keyRefused
    ? {
        title: 'No SSH key',
        message: `Gatehouse signs you in with an SSH key, and your ssh client has none. ${make}`,
      }
    : {
        title: 'No usable SSH key',
        message:
          'Gatehouse signs you in with an SSH key, and none of the keys your ssh client offered ' +
          `could be used (ed25519, ECDSA and RSA keys work). ${make}`,
      };
}

/**
 * Sent after the browser approved, as a prompt-less info request: OpenSSH prints its instruction
 * (RFC 4256 §3.2), so `ssh -N` users see their URL without a TUI.
 */
export function signedInText(who: string, url: string): string {
  return `Signed in as ${who}. Your URL: ${url}`;
}

export function failureText(outcome: Exclude<SshSignInOutcome, { approved: true }>): {
  title: string;
  message: string;
} {
  switch (outcome.reason) {
    case 'denied':
      return {
        title: 'Sign-in denied',
        message: 'The sign-in was denied in the browser. Run ssh again to start over.',
      };
    case 'expired':
      return {
        title: 'Sign-in expired',
        message: 'The sign-in code expired before it was approved. Run ssh again for a new code.',
      };
    case 'cancelled':
      return { title: 'Sign-in cancelled', message: 'The sign-in was cancelled.' };
  }
}
