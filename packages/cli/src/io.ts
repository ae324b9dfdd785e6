/** Where a command writes and reads: the real process streams, or buffers in tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Reads all of stdin (for --password-stdin). */
  readonly readStdin: () => Promise<string>;
  readonly cwd: string;
}
