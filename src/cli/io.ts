import { terminalSafe } from '../terminal-safe.ts';

/**
 * What a CLI command may touch: output streams, the working directory and the environment. Passed in so
 * commands are testable without spawning a process.
 *
 * `stdout` and `stderr` are for text a person reads: {@link runCli} hands commands streams that show every
 * control character as `\uXXXX` ({@link terminalSafe}), so no dataset string can drive the terminal.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress bars) . */
  isTTY: boolean;
  /** Whether stdout is a terminal; data printed to a pipe or file goes out unescaped. Default false. */
  stdoutIsTTY?: boolean;
  /**
   * The unescaped streams, for bytes that are data (a CSV on stdout into a pipe) and for a progress bar's own
   * control codes (its labels are made safe by the progress reporter). Default: `stdout`/`stderr`.
   */
  raw?: { stdout: (text: string) => void; stderr: (text: string) => void };
}

/** The process's own IO. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * `io` with `stdout` and `stderr` passing every text through {@link terminalSafe}: the one place all CLI
 * output (tables, messages, errors, JSON, progress summaries) is made safe. The unescaped streams stay
 * reachable as `raw`.
 */
export function terminalSafeIO(io: CliIO): CliIO {
  const raw = io.raw ?? { stdout: io.stdout, stderr: io.stderr };
  return {
    ...io,
    stdout: (text) => raw.stdout(terminalSafe(text)),
    stderr: (text) => raw.stderr(terminalSafe(text)),
    raw,
  };
}

/** A command: its name, one-line summary, usage with an example, and how to run it. Returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
