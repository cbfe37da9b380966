/**
 * The report's 5 MB budget is checked when the report is built: a report over it is refused with what made it
 * large, and nothing is written (a 100 KB title used to give a 25 MB HTML that nobody checked).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { writeReport } from '../../src/report/build.ts';
import { REPORT_SIZE_BUDGET } from '../../src/report/html.ts';
import { assertReportSize } from '../../src/report/size-budget.ts';
import { hostileDataset, stubEngine, SYNTHETIC_DEFINITION, TEST_NOW } from '../golden/report/synthetic-report.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pe-size-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('assertReportSize', () => {
  it('passes a report within budget and names the largest parts and the longest text of one over it', () => {
    expect(() => assertReportSize('<p>small</p>', [], 'r.json')).not.toThrow();
    const title = 'T'.repeat(100_000);
    const html = `<html>${`<h2>${title}</h2>`.repeat(60)}</html>`;
    const error = (() => {
      try {
        assertReportSize(html, [{ label: 'chart "reductions"', bytes: 1_000_000 }, { label: 'embedded font', bytes: 2_000_000 }], 'reports/r.json');
      } catch (e) {
        return e as PortEmissionsError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect(error.location).toEqual({ file: 'reports/r.json' });
    expect(error.message).toBe(
      'the report would be 5.7 MB, over its 5.0 MB budget: embedded font 1.9 MB, chart "reductions" 1.0 MB, captions, tables and text 2.9 MB; ' +
        `the longest text in the page is 100,000 characters ("${'T'.repeat(40)}...")`,
    );
  });
});

describe('writeReport and the size budget', () => {
  it('refuses a report over budget before writing anything', async () => {
    const base = stubEngine();
    // SYNTHETIC: each chart carries 2 MB of label text, as a dataset with huge titles would.
    const engine = {
      ...base,
      renderChart: async (...args: Parameters<typeof base.renderChart>) => {
        const { svg } = await base.renderChart(...args);
        return { svg: svg.replace('</svg>', `<text>${'L'.repeat(2_000_000)}</text></svg>`) };
      },
    };
    const out = join(tmp, 'too-large');
    const failing = writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine, now: TEST_NOW, out, name: 'synthetic', definitionFile: 'synthetic.json' });
    await expect(failing).rejects.toThrow(/^the report would be \d+\.\d MB, over its 5\.0 MB budget: chart "stub-[a-z-]+" 1\.9 MB, chart "stub-[a-z-]+" 1\.9 MB, chart "stub-[a-z-]+" 1\.9 MB; the longest text in the page is 2,000,000 characters/);
    await expect(failing).rejects.toMatchObject({ exitCode: 1, location: { file: 'synthetic.json' } });
    expect(() => readdirSync(out)).toThrow();
    expect(REPORT_SIZE_BUDGET).toBe(5 * 1024 * 1024);
  });
});
