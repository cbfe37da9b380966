/**
 * The same inputs give the same bytes whichever folder the report is run from: the HTML records its
 * definition by name (relative to the dataset or its own folder), never by the working directory's path.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/main.ts';
import { createReportCommand } from '../../src/cli/report.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { definitionLabel } from '../../src/report/definition.ts';
import { captureIO } from '../helpers/io.ts';
import { stubEngine } from '../golden/report/synthetic-report.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cli-determinism-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function report(args: string[], io: CliIO): Promise<number> {
  try {
    return await createReportCommand({ engine: async () => stubEngine() }).run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

const DEFINITION = {
  title: 'SYNTHETIC charts over the embedded dataset',
  sections: [{ id: 'one', title: 'One', charts: [{ id: 'stub-trend', filters: { pollutant: 'NOx', port: 'POLA' } }] }],
};

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (name.includes('.')) out[name] = readFileSync(join(dir, name)).toString('base64');
  }
  return out;
}

describe('report from two working directories', () => {
  it('writes byte-identical HTML and chart files', async () => {
    mkdirSync(join(tmp, 'project', 'reports'), { recursive: true });
    mkdirSync(join(tmp, 'elsewhere', 'deeper'), { recursive: true });
    writeFileSync(join(tmp, 'project', 'reports', 'board.json'), JSON.stringify(DEFINITION));

    const fromProject = captureIO(join(tmp, 'project'));
    expect(await report(['--report', 'reports/board.json', '--out', '../out-a', '--quiet'], fromProject), fromProject.err()).toBe(0);
    const fromElsewhere = captureIO(join(tmp, 'elsewhere', 'deeper'));
    expect(await report(['--report', join(tmp, 'project', 'reports', 'board.json'), '--out', '../../out-b', '--quiet'], fromElsewhere), fromElsewhere.err()).toBe(0);

    const a = files(join(tmp, 'out-a'));
    expect(Object.keys(a).sort()).toEqual(['board.html', join('charts', 'stub-trend.svg'), join('charts', 'stub-trend@2x.png')]);
    expect(files(join(tmp, 'out-b'))).toEqual(a);
    expect(Buffer.from(a['board.html']!, 'base64').toString('utf8')).toContain('<dt>Report definition</dt><dd><code>board.json</code></dd>');
  });
});

describe('definitionLabel', () => {
  it('names a definition inside the dataset folder by its path there, any other by its file name', () => {
    expect(definitionLabel('/data/ports/reports/board.json', '/data/ports')).toBe('reports/board.json');
    expect(definitionLabel('/home/a/reports/caap-progress.json', '/home/a/datasets/san-pedro-bay')).toBe('caap-progress.json');
    expect(definitionLabel('/home/a/reports/caap-progress.json')).toBe('caap-progress.json');
  });
});
