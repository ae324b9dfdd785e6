// @gatehouse/testing/tunnel: a real tunnel server on port 0 with in-memory accounts.

export { ALICE, eventually, startHarness } from './tunnel-harness.ts';
export { MemoryTunnelAccounts } from './memory-tunnel-accounts.ts';
export { openSshTui } from './ssh-tui.ts';
export type { SshTuiOptions } from './ssh-tui.ts';
export type { Harness } from './tunnel-harness.ts';
