import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError, runCli } from '../../src/cli/main.ts';
import { createReportCommand } from '../../src/cli/report.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { REPORT_CSP, REPORT_SIZE_BUDGET } from '../../src/report/html.ts';
import { captureIO } from '../helpers/io.ts';
import { stubEngine } from '../golden/report/synthetic-report.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cli-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `report` as main.ts would (errors printed, exit code returned), with a synthetic chart engine. */
async function reportWithStubs(args: string[], io: CliIO): Promise<number> {
  try {
    return await createReportCommand({ engine: async () => stubEngine() }).run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

const STUB_DEFINITION = {
  title: 'SYNTHETIC charts over the embedded dataset',
  sections: [{ id: 'one', title: 'One', charts: [{ id: 'stub-trend', filters: { pollutant: 'NOx', port: 'POLA' } }, { id: 'stub-hostile' }] }],
};

describe('port-emissions report (synthetic chart engine)', () => {
  it('writes <out>/<name>.html and the chart files, prints the path, progress on stderr', async () => {
    writeFileSync(join(tmp, 'stub-report.json'), JSON.stringify(STUB_DEFINITION));
    const io = captureIO(tmp);
    const code = await reportWithStubs(['--report', 'stub-report.json', '--out', 'out'], io);
    expect(io.err()).not.toContain('port-emissions:');
    expect(code).toBe(0);
    expect(io.out()).toBe(`${join('out', 'stub-report.html')}\n`);
    expect(readdirSync(join(tmp, 'out', 'charts')).sort()).toEqual(['stub-hostile.svg', 'stub-hostile@2x.png', 'stub-trend.svg', 'stub-trend@2x.png']);
    expect(io.err()).toBe(
      'charts 1/2 stub-trend\ncharts 2/2 stub-hostile\ncharts done: 2 charts rendered\nPNG 1/2 stub-trend\nPNG 2/2 stub-hostile\n' +
        `PNG done: report ${(Buffer.byteLength(readFileSync(join(tmp, 'out', 'stub-report.html'))) / 1024 / 1024).toFixed(1)} MB (budget 5 MB), 4 chart files\n`,
    );
    const html = readFileSync(join(tmp, 'out', 'stub-report.html'), 'utf8');
    expect(html).toContain('<dt>Report definition</dt><dd><code>stub-report.json</code></dd>');
  });

  it('is quiet with --quiet, and stamps SOURCE_DATE_EPOCH when set', async () => {
    const io = captureIO(tmp, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(await reportWithStubs(['--report', 'stub-report.json', '--out', 'quiet', '--quiet'], io)).toBe(0);
    expect(io.err()).toBe('');
    expect(readFileSync(join(tmp, 'quiet', 'stub-report.html'), 'utf8')).toContain('<time datetime="2023-11-14T22:13:20Z">');
  });

  it('exits 2 on usage errors: unknown option, missing --report file, bad SOURCE_DATE_EPOCH', async () => {
    let io = captureIO(tmp);
    expect(await reportWithStubs(['--bogus'], io)).toBe(2);
    expect(io.err()).toMatch(/^port-emissions: Unknown option '--bogus'/);
    io = captureIO(tmp);
    expect(await reportWithStubs(['--report', 'nope.json'], io)).toBe(2);
    expect(io.err()).toBe(
      'port-emissions: nope.json: cannot read the report definition: no such file\nhint: give a definition file with --report, e.g. --report reports/caap-progress.json\n',
    );
    io = captureIO(tmp, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(await reportWithStubs(['--report', 'stub-report.json'], io)).toBe(2);
    expect(io.err()).toContain("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, found 'yesterday'");
  });

  it('exits 1 on a definition that names a chart the catalogue lacks, writing nothing', async () => {
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ ...STUB_DEFINITION, sections: [{ id: 'one', title: 'One', charts: [{ id: 'stub-trnd' }] }] }));
    const io = captureIO(tmp);
    expect(await reportWithStubs(['--report', 'bad.json', '--out', 'bad-out'], io)).toBe(1);
    expect(io.err()).toBe(
      'bad.json:sections[0].charts[0].id: unknown chart id; found "stub-trnd"; expected one of stub-trend, stub-gap, stub-hostile (did you mean "stub-trend"?)\n' +
        'port-emissions: bad.json: the report definition does not fit the dataset san-pedro-bay (1 problem)\n' +
        "hint: 'port-emissions validate --data DIR' lists the dataset's codes; 'port-emissions chart --help' the chart ids\n",
    );
    expect(existsSync(join(tmp, 'bad-out'))).toBe(false);
  });

  it('exits 1 on a dataset that does not load', async () => {
    const io = captureIO(tmp);
    expect(await reportWithStubs(['--report', 'stub-report.json', '--data', 'no-such-folder'], io)).toBe(1);
    expect(io.err()).toContain('no datapackage.json in');
  });

  it('prints its help with --help', async () => {
    const io = captureIO(tmp);
    expect(await reportWithStubs(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: port-emissions report \[--report FILE\] \[--data DIR\] \[--out DIR\] \[--quiet\]/);
  });
});

describe('port-emissions report on the embedded dataset (the real catalogue)', () => {
  it.each(['caap-progress', 'source-categories'])('builds reports/%s.json end to end within the size budget', async (name) => {
    const out = join(tmp, `embedded-${name}`);
    const io = captureIO(process.cwd());
    const code = await runCli(['report', '--report', `reports/${name}.json`, '--out', out, '--quiet'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toBe(`${join(out, `${name}.html`)}\n`);
    const html = readFileSync(join(out, `${name}.html`), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(Buffer.byteLength(html)).toBeLessThan(REPORT_SIZE_BUDGET);
    const figures = html.match(/<figure class="chart"/g) ?? [];
    const definition = JSON.parse(readFileSync(`reports/${name}.json`, 'utf8')) as { sections: { charts: unknown[] }[] };
    expect(figures).toHaveLength(definition.sections.reduce((n, s) => n + s.charts.length, 0));
    expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.svg'))).toHaveLength(figures.length);
    expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('@2x.png'))).toHaveLength(figures.length);
  });

  it('gives identical bytes on a second run', async () => {
    const io = captureIO(process.cwd());
    expect(await runCli(['report', '--out', join(tmp, 'again'), '--quiet'], io)).toBe(0);
    const first = readFileSync(join(tmp, 'embedded-caap-progress', 'caap-progress.html'));
    expect(readFileSync(join(tmp, 'again', 'caap-progress.html')).equals(first)).toBe(true);
  });
});
