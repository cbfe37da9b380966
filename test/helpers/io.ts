import type { CliIO } from '../../src/cli/io.ts';

/** A CliIO that records what a command prints, for tests. */
export function captureIO(cwd = process.cwd(), env: Record<string, string | undefined> = {}): CliIO & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd,
    env,
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}
