import { openTmux, shellWords, type TmuxTerminal } from '../tmux.ts';
import { sshArgs } from './ssh-client.ts';
import { ALICE, type Harness } from './tunnel-harness.ts';

export interface SshTuiOptions {
  /** Names the tmux socket (see `openTmux`). */
  readonly name: string;
  readonly columns: number;
  readonly rows: number;
  /** ssh options before `-R 0 127.0.0.1`, e.g. `['-o', 'EnableEscapeCommandline=yes']`. */
  readonly sshOptions?: readonly string[];
  /** Shell run after ssh ends; default `echo "exit=$?"; sleep 30` (the pane shows the status). */
  readonly then?: string;
  /** tmux.conf text (see `openTmux`). */
  readonly config?: string;
}

/**
 * ALICE's key, bound to her account, running the real `ssh -R 0` against the harness in a real
 * terminal (session `ssh`): the TUI the server draws is what `screen()` shows.
 */
export function openSshTui(h: Harness, options: SshTuiOptions): TmuxTerminal {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const args = [...(options.sshOptions ?? []), '-R', '0', '127.0.0.1'];
  const ssh = shellWords(['/usr/bin/ssh', ...sshArgs(h.port, key, args)]);
  return openTmux({
    name: options.name,
    command: `${ssh}; ${options.then ?? 'echo "exit=$?"; sleep 30'}`,
    columns: options.columns,
    rows: options.rows,
    ...(options.config === undefined ? {} : { config: options.config }),
  });
}
