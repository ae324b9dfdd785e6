import type { SshSignInOutcome } from '@gatehouse/core';

/** The keyboard-interactive title, as pom.run shows it. */
export const SIGN_IN_TITLE = 'Please sign in to continue';

/**
 * The reminder prompt: it repeats the URL because `ssh -q` hides the name and instruction but
 * still shows prompts. Without a terminal OpenSSH answers it with "" at once.
 */
export function signInPrompt(verifyUrl: string): string {
  return `Open ${verifyUrl} to sign in, then press Enter: `;
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
