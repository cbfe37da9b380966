import { terminalSafeLine } from '../terminal-safe.ts';

/** Where progress goes: `process.stderr` in the CLI, any object with `write` in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Terminal width in characters, when known; the bar line is kept shorter so it never wraps. */
  columns?: number;
}

export interface ProgressOptions {
  /** How many items the run will tick through (0 is allowed and shows a full bar). */
  total: number;
  /** What is counted, e.g. `charts`; starts every line. */
  label: string;
  /** Default `process.stderr`, so progress never mixes with data printed on stdout. */
  stream?: ProgressStream;
  /** Print nothing at all (`--quiet`). */
  quiet?: boolean;
  /** Redraw one bar line (terminal) or print one plain line per item (logs, pipes). Default `stream.isTTY`. */
  isTTY?: boolean;
  /** Never emit colour. Default: the `NO_COLOR` environment variable is set and not empty, or `TERM=dumb`. */
  noColor?: boolean;
  /** Environment read for the `noColor` default; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Progress {
  /** One more item finished; `itemLabel` (e.g. the chart id) is shown beside the count. */
  tick(itemLabel?: string): void;
  /** The run is over: ends the bar line and prints `summary` if given. Later calls do nothing. */
  done(summary?: string): void;
}

const BAR_WIDTH = 20;
const GREEN = '\u001b[32m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

// Dataset strings reach the terminal through item labels: control characters (ESC, CR, LF, ...) are shown
// escaped, so a label can neither move the cursor nor inject escape sequences, and stays on one line.
const clean = terminalSafeLine;

/** Colour is off when NO_COLOR is set to anything non-empty (no-color.org) or the terminal is `dumb`. */
function colourDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
}

/**
 * A progress reporter for long runs (report, deck, export over many charts).
 *
 * - On a terminal: one line redrawn in place with `\r`, e.g. `[#####---------------] 12/40 charts: intensity`,
 *   the filled part green unless colour is off; cut to the terminal width so it never wraps.
 * - Elsewhere (pipe, CI log): one plain line per item, e.g. `charts 12/40 intensity`, never any escape code.
 * - `quiet`: nothing at all.
 *
 * `done(summary)` ends the bar line and prints the summary (on a terminal), or prints
 * `charts done: summary` (plain). Control characters in labels are shown escaped (`\u001B`).
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const quiet = options.quiet ?? false;
  const isTTY = options.isTTY ?? stream.isTTY === true;
  const noColor = options.noColor ?? colourDisabled(options.env ?? process.env);
  const total = Math.max(0, options.total);
  const label = clean(options.label);
  let count = 0;
  let lastItem = '';
  let lastWidth = 0;
  let finished = false;

  function barLine(): string {
    const ratio = total === 0 ? 1 : Math.min(1, count / total);
    const filled = Math.round(ratio * BAR_WIDTH);
    const counter = `${count}/${total} ${label}`;
    let text = lastItem === '' ? counter : `${counter}: ${lastItem}`;
    // Leave the last column free: writing into it makes some terminals wrap, which breaks the redraw.
    const room = (stream.columns ?? 80) - 1 - (BAR_WIDTH + 3);
    if (text.length > room) text = room > 1 ? `${text.slice(0, room - 1)}…` : '';
    const visibleWidth = BAR_WIDTH + 3 + text.length;
    const padding = ' '.repeat(Math.max(0, lastWidth - visibleWidth));
    lastWidth = visibleWidth;
    const done = '#'.repeat(filled);
    const todo = '-'.repeat(BAR_WIDTH - filled);
    const bar = noColor ? `${done}${todo}` : `${GREEN}${done}${RESET}${DIM}${todo}${RESET}`;
    return `\r[${bar}] ${text}${padding}`;
  }

  return {
    tick(itemLabel?: string): void {
      if (finished) return;
      count += 1;
      lastItem = itemLabel === undefined ? '' : clean(itemLabel);
      if (quiet) return;
      if (isTTY) stream.write(barLine());
      else stream.write(lastItem === '' ? `${label} ${count}/${total}\n` : `${label} ${count}/${total} ${lastItem}\n`);
    },
    done(summary?: string): void {
      if (finished) return;
      finished = true;
      if (quiet) return;
      const text = summary === undefined ? undefined : clean(summary);
      if (isTTY) {
        lastItem = '';
        stream.write(`${barLine()}\n`);
        if (text !== undefined) stream.write(`${text}\n`);
      } else {
        stream.write(text === undefined ? `${label} done\n` : `${label} done: ${text}\n`);
      }
    },
  };
}
