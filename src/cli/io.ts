/**
 * What a CLI command may touch: output streams, the working directory and the environment. Passed in so
 * commands are testable without spawning a process.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress bars) . */
  isTTY: boolean;
}

/** The process's own IO. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** A command: its name, one-line summary, usage with an example, and how to run it. Returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
