import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, PortEmissionsError } from '../../src/errors.ts';
import { jsonPath, jsonSyntaxError, loadReportDefinition, parseReportDefinition } from '../../src/report/definition.ts';

const tmp = mkdtempSync(join(tmpdir(), 'report-definition-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The issue lines the CLI would print for a definition, or [] when it is valid. */
function problems(raw: unknown): string[] {
  try {
    parseReportDefinition(raw, 'reports/x.json');
    return [];
  } catch (error) {
    if (!(error instanceof PortEmissionsError)) throw error;
    expect(error.exitCode).toBe(1);
    return error.details.map(formatIssue);
  }
}

const valid = {
  title: 'CAAP progress',
  sections: [{ id: 'progress', title: 'Progress', charts: [{ id: 'reductions', filters: { port: 'POLA', from: 2005, to: 2024 } }] }],
};

describe('parseReportDefinition', () => {
  it('accepts a minimal definition and keeps its filters', () => {
    const definition = parseReportDefinition(valid, 'reports/x.json');
    expect(definition.sections[0]!.charts[0]).toEqual({ id: 'reductions', filters: { port: 'POLA', from: 2005, to: 2024 } });
  });

  it('takes key figures named by kind, and says what a key figure may hold', () => {
    const definition = parseReportDefinition(
      { title: 'x', sections: [{ id: 'a', title: 'A', charts: [{ id: 'reductions' }] }], keyFigures: [{ kind: 'reduction', port: 'POLA', pollutant: 'DPM', year: 2024 }, { kind: 'target', target: 'SPBS_2023_DPM' }] },
      'reports/x.json',
    );
    expect(definition.keyFigures).toEqual([{ kind: 'reduction', port: 'POLA', pollutant: 'DPM', year: 2024 }, { kind: 'target', target: 'SPBS_2023_DPM' }]);
    expect(
      problems({ title: 'x', sections: [{ id: 'a', title: 'A', charts: [{ id: 'reductions' }] }], keyFigures: [{ kind: 'reduction', port: 'POLA', pollutant: 'DPM', yaer: 2024 }] }),
    ).toEqual([
      'reports/x.json:keyFigures[0].yaer: unknown property; found "yaer"; expected only kind, port, pollutant, year, baseline, target (did you mean "year"?)',
    ]);
  });

  it('names the JSON path, what was found and what was expected', () => {
    expect(
      problems({
        title: 'x',
        sectons: [],
        sections: [{ id: 'a', title: 'A', charts: [{ id: 'reductions', filters: { form: 2005, port: 'PO LA' } }, { id: 3 }] }],
      }),
    ).toEqual([
      'reports/x.json:sections[0].charts[0].filters.port: invalid value; found "PO LA"; expected a code as the dataset spells it (letters, digits, _ . + -), e.g. POLA, NOx',
      'reports/x.json:sections[0].charts[0].filters.form: unknown property; found "form"; expected only port, pollutant, category, baseline, from, to (did you mean "from"?)',
      'reports/x.json:sections[0].charts[1].id: wrong type (a number); found "3"; expected a string',
      'reports/x.json:sectons: unknown property; found "sectons"; expected only title, subtitle, dataset, baseline, sections, keyFigures (did you mean "sections"?)',
    ]);
  });

  it('reports missing properties, empty lists and reversed years', () => {
    expect(problems({ sections: [] })).toEqual([
      'reports/x.json:title: missing property; expected a string',
      'reports/x.json:sections: invalid value; found "[]"; expected at least one section',
    ]);
    expect(problems({ title: 'x', sections: [{ id: 'a', title: 'A', charts: [] }] })).toEqual([
      'reports/x.json:sections[0].charts: invalid value; found "[]"; expected at least one chart',
    ]);
    expect(problems({ title: 'x', sections: [{ id: 'a', title: 'A', charts: [{ id: 'targets', filters: { from: 2020, to: 2010 } }] }] })).toEqual([
      'reports/x.json:sections[0].charts[0].filters.to: invalid value; found "2010"; expected "from" no later than "to"',
    ]);
    expect(problems({ title: 'x', sections: [{ id: 'a', title: 'A', charts: [{ id: 'targets', filters: { from: '2005' } }] }] })).toEqual([
      'reports/x.json:sections[0].charts[0].filters.from: wrong type (a string); found "2005"; expected a number',
    ]);
  });

  it('refuses a section id used twice and a chart id that is not one', () => {
    const section = { id: 'a', title: 'A', charts: [{ id: 'reductions' }] };
    expect(problems({ title: 'x', sections: [section, section] })).toEqual([
      'reports/x.json:sections[1].id: invalid value; found "a"; expected a section id not used before (sections[0] is already "a")',
    ]);
    expect(problems({ title: 'x', sections: [{ ...section, charts: [{ id: 'Reductions!' }] }] })).toEqual([
      'reports/x.json:sections[0].charts[0].id: invalid value; found "Reductions!"; expected a chart id such as "reductions" (lower case, digits, -)',
    ]);
  });

  it('writes JSON paths as a reader would', () => {
    expect(jsonPath([])).toBe('(top level)');
    expect(jsonPath(['sections', 0, 'charts', 12, 'filters', 'port'])).toBe('sections[0].charts[12].filters.port');
    expect(jsonPath(['a b'])).toBe('["a b"]');
  });
});

describe('jsonSyntaxError', () => {
  it('finds where JSON text first goes wrong', () => {
    expect(jsonSyntaxError('{"a": 1 "b": 2}')).toEqual({ offset: 8, expected: "',' or '}' after the property value" });
    expect(jsonSyntaxError('{"a": [1, 2}')).toEqual({ offset: 11, expected: "',' or ']' after the array element" });
    expect(jsonSyntaxError("{'a': 1}")).toEqual({ offset: 1, expected: 'a property name in double quotes' });
    expect(jsonSyntaxError('{"a": "x')).toEqual({ offset: 8, expected: 'a closing quote' });
    expect(jsonSyntaxError('{} x')).toEqual({ offset: 3, expected: 'the end of the file after the top-level value' });
    expect(jsonSyntaxError('{"a": tru}')).toEqual({ offset: 6, expected: 'a value (object, array, string, number, true, false or null)' });
  });
});

describe('loadReportDefinition', () => {
  it('returns the name and resolves the dataset folder against the definition file', async () => {
    const file = join(tmp, 'my-report.json');
    writeFileSync(file, JSON.stringify({ ...valid, dataset: '../data/other-port' }));
    const loaded = await loadReportDefinition(file);
    expect(loaded.name).toBe('my-report');
    expect(loaded.path).toBe(file);
    expect(loaded.datasetDir).toBe(join(tmp, '..', 'data', 'other-port'));
    writeFileSync(file, JSON.stringify(valid));
    expect((await loadReportDefinition(file)).datasetDir).toBeUndefined();
  });

  it('gives line and column of a JSON syntax error (exit code 1)', async () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '{\n  "title": "x",\n  "sections": [,]\n}\n');
    const error = await loadReportDefinition(file, 'reports/broken.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    const e = error as PortEmissionsError;
    expect(e.exitCode).toBe(1);
    expect(e.location).toEqual({ file: 'reports/broken.json', line: 3, column: '16' });
    expect(e.message).toBe('not valid JSON: found "," where a value (object, array, string, number, true, false or null) was expected');
  });

  it('is a usage error (exit code 2) when the file does not exist', async () => {
    const error = await loadReportDefinition(join(tmp, 'nope.json'), 'nope.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).exitCode).toBe(2);
    expect((error as PortEmissionsError).message).toBe('cannot read the report definition: no such file');
  });
});

describe('the shipped report definitions', () => {
  it.each(['caap-progress', 'source-categories'])('reports/%s.json is valid and fits the embedded dataset and the chart catalogue', async (name) => {
    const { catalogueEngine, checkDefinition } = await import('../../src/report/build.ts');
    const { loadDataset } = await import('../../src/ingest/load.ts');
    const { EMBEDDED_DATASET_DIR } = await import('../../src/cli/common.ts');
    const loaded = await loadReportDefinition(`reports/${name}.json`);
    expect(loaded.name).toBe(name);
    expect(loaded.datasetDir).toBeUndefined();
    const engine = await catalogueEngine();
    checkDefinition(loaded.definition, await loadDataset(EMBEDDED_DATASET_DIR), engine.chartIds, `reports/${name}.json`, engine);
  });
});
