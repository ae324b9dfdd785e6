import { randomBytes } from 'node:crypto';

/** The one account a benchmark signs in with; a fresh password per run, never printed. */
export interface BenchAccount {
  readonly email: string;
  readonly password: string;
}

export function benchAccount(): BenchAccount {
  return { email: 'bench@example.com', password: randomBytes(24).toString('base64url') };
}
