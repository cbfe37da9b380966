/**
 * One ingest measurement in a process of its own, so that its peak RSS is its own:
 *   tsx test/bench/ingest-child.ts <activity|csv-parse|zod> <file.csv>
 * Prints one JSON line: rows, wall and CPU ms, the peak RSS before and after reading (kB). Run by
 * ingest-bench.ts; not a test.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { readActivityFile } from '../../src/ingest/activity.ts';
import { readResource } from '../../src/ingest/read-resource.ts';
import { ACTIVITY_FIELDS, activitySchema } from '../../src/schema/activity.ts';

export interface IngestChildResult {
  mode: string;
  rows: number;
  validRows: number;
  issues: number;
  totals: number;
  parser: string;
  wallMs: number;
  cpuMs: number;
  /** Peak resident set size of the process before reading (after loading the code), kB. */
  baseMaxRssKb: number;
  /** Peak resident set size of the process over the whole run, kB. */
  maxRssKb: number;
}

async function run(mode: string, path: string): Promise<IngestChildResult> {
  const baseMaxRssKb = process.resourceUsage().maxRSS;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let rows = 0;
  let validRows = 0;
  let issues = 0;
  let totals = 0;
  let parser = '';
  if (mode === 'activity') {
    const result = await readActivityFile(path);
    ({ rowCount: rows, validRows, parser } = result);
    issues = result.issues.length + result.unlisted;
    totals = result.totals.length;
  } else if (mode === 'csv-parse') {
    // csv-parse alone, as read-resource configures it: the ceiling of any reader built on it.
    parser = 'csv-parse';
    const stream = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }));
    for await (const _ of stream) rows++;
    rows--; // the header
  } else if (mode === 'zod') {
    // The loader's reader: csv-parse, then the zod schema on every row, rows kept (as for a dataset).
    parser = 'csv-parse + zod';
    const result = await readResource({ path, file: 'activity.csv', schema: activitySchema, fields: ACTIVITY_FIELDS });
    rows = result.rowCount;
    validRows = result.rows.length;
    issues = result.issues.length + result.unlisted;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { mode, rows, validRows, issues, totals, parser, wallMs, cpuMs: (used.user + used.system) / 1000, baseMaxRssKb, maxRssKb: process.resourceUsage().maxRSS };
}

const [mode, path] = process.argv.slice(2);
if (mode && path) {
  const result = await run(mode, path);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
