/** What a CLI command may touch besides its arguments; injected so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** All of standard input, for secrets that must not appear in the process list (`--password-stdin`). */
  readStdin?: () => Promise<string>;
}

/** A command returns its exit code; long-running commands (serve, worker) resolve when they stop. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

/** Raised for wrong usage; printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly code = "usage";
}
