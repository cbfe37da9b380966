import { formatIssue } from '../errors.ts';
import { cutForMessage, terminalSafeLine } from '../terminal-safe.ts';
import { validateDataset } from '../ingest/load.ts';
import { DATA_OPTIONS, datasetDir, parseCommandArgs } from './common.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = `Usage: port-emissions validate [--data DIR] [--json] [--quiet]

Checks every file and row of a dataset (a folder with datapackage.json and CSV files), of any size.
Exit 0 with a summary when valid; exit 1 with 'file:line:column: message' lines on stderr when not.
On a terminal, a status line on stderr counts the rows read (every 100,000).

  --data DIR   dataset folder (default: the embedded San Pedro Bay dataset)
  --json       print the summary (or the problems) as JSON
  --quiet      no status line

Example:
  port-emissions validate --data datasets/san-pedro-bay
`;

export const command: CliCommand = {
  name: 'validate',
  summary: 'check a dataset row by row',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, quiet: { type: 'boolean', default: false } });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const dir = datasetDir(values.data, io);
    const status = statusLine(io, values.quiet);
    const result = await validateDataset(dir, {
      onProgress: (resource, rows) => status(`validate: ${resource}: ${rows.toLocaleString('en-US')} rows read`),
      onFinalChecks: () => status('validate: comparing rows with each other (duplicate keys, category sums)'),
    });
    status(undefined);
    if (!result.ok || !result.summary) {
      if (values.json) {
        // A found value is quoted as in the messages: cut to 200 characters (a 1.5 MB title is not echoed).
        const issues = result.issues.map((issue) => (issue.found === undefined ? issue : { ...issue, found: cutForMessage(issue.found) }));
        io.stdout(`${JSON.stringify({ valid: false, dir, issues, unlisted: result.unlisted }, null, 2)}\n`);
      }
      for (const issue of result.issues) io.stderr(`${formatIssue(issue)}\n`);
      const count = result.issues.length + result.unlisted;
      io.stderr(`port-emissions: ${dir}: ${count} problem${count === 1 ? '' : 's'}${result.unlisted > 0 ? ` (${result.unlisted} more not listed)` : ''}; nothing was loaded\n`);
      return 1;
    }
    const s = result.summary;
    if (values.json) {
      io.stdout(`${JSON.stringify({ valid: true, dir, ...s }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `valid: ${s.title} (${s.name})`,
      `folder: ${dir}`,
      `sha256: ${s.hash}`,
      `resources: ${s.resources.length}, rows: ${s.rows}`,
      ...s.resources.map((r) => `  ${r.name.padEnd(18)} ${String(r.rows).padStart(6)}  ${r.path}`),
      `ports: ${s.ports.join(', ')}`,
      `years: ${s.years ? `${s.years.min}-${s.years.max}` : '-'}`,
      `pollutants: ${s.pollutants.join(', ')}`,
      `source categories: ${s.categories.join(', ')}`,
      `releases: ${s.releases.join(', ')}`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};

/**
 * A status line redrawn in place on a terminal (stderr): `status(text)` shows text, `status(undefined)`
 * clears it. Nothing when stderr is not a terminal or with --quiet, so logs and pipes get no control codes.
 */
function statusLine(io: CliIO, quiet: boolean): (text: string | undefined) => void {
  if (!io.isTTY || quiet) return () => {};
  const write = (io.raw ?? io).stderr;
  let shown = false;
  return (text) => {
    if (text === undefined) {
      if (shown) write('\r\u001b[K');
      shown = false;
      return;
    }
    write(`\r\u001b[K${terminalSafeLine(text)}`);
    shown = true;
  };
}
