/**
 * The analysis tables at the stage boundary: rowsOf gives an analysis table's rows only when its columns and
 * their values are those of the analysis's row schema, and says which analysis and column when they are not
 * (a defect of the code, which a user would otherwise see as an empty or wrong figure downstream). SYNTHETIC
 * datasets (test/helpers/synthetic-dataset.ts).
 */
import { escape, table } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceCategoryShares } from '../../src/analysis/categories.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { projectSeries, regionalContext } from '../../src/analysis/project.ts';
import { reconcileIndicators, restatementDiff } from '../../src/analysis/reconcile.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import {
  AnalysisTableError,
  CATEGORY_ROW,
  DECOMPOSITION_ROW,
  INTENSITY_ROW,
  PROJECTION_ROW,
  RECONCILE_ROW,
  REDUCTION_ROW,
  REGIONAL_ROW,
  RESTATEMENT_ROW,
  TARGET_ROW,
  rowsOf,
  type IntensityRow,
  type ReductionRow,
  type RowSchema,
} from '../../src/analysis/types.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { em, sanPedroLike, syntheticDataset, teu } from '../helpers/synthetic-dataset.ts';

const RESTATED = { releaseA: 'POLB_EI_2007_PRESSTELEGRAM', releaseB: 'POLB_EI_2018_MARPRO' };
const dataset = sanPedroLike({ throughput: [teu('POLA', 2005, 7_480_000), teu('POLA', 2012, 8_077_714)] });

describe('every analysis table of the embedded dataset matches its row schema', () => {
  let embedded: Dataset;
  beforeAll(async () => {
    embedded = await loadDataset(EMBEDDED_DATASET_DIR);
  });
  const cases: [string, () => ReturnType<typeof rowsOf<object>>, RowSchema<never>][] = [
    ['reductions', () => rowsOf(reductionsVsBaseline(embedded)), REDUCTION_ROW as RowSchema<never>],
    ['intensity', () => rowsOf(intensityPer10000Teu(embedded)), INTENSITY_ROW as RowSchema<never>],
    ['targets', () => rowsOf(targetProgress(embedded)), TARGET_ROW as RowSchema<never>],
    ['reconcile', () => rowsOf(reconcileIndicators(embedded)), RECONCILE_ROW as RowSchema<never>],
    ['restatement', () => rowsOf(restatementDiff(embedded, RESTATED)), RESTATEMENT_ROW as RowSchema<never>],
    ['projection', () => rowsOf(projectSeries(embedded, { port: 'POLA', pollutant: 'DPM' })), PROJECTION_ROW as RowSchema<never>],
    ['regional context', () => rowsOf(regionalContext(embedded)), REGIONAL_ROW as RowSchema<never>],
    ['source categories', () => rowsOf(sourceCategoryShares(embedded)), CATEGORY_ROW as RowSchema<never>],
    ['decomposition', () => rowsOf(decomposeChange(embedded, { port: 'POLA', pollutant: 'DPM' })), DECOMPOSITION_ROW as RowSchema<never>],
  ];
  for (const [name, rowsOfAnalysis, schema] of cases) {
    it(`${name}: rows with exactly the schema's columns, in its order`, () => {
      const rows = rowsOfAnalysis();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row)).toEqual(schema.columns);
      expect(schema.analysis).toBe(name);
    });
  }
});

describe('rowsOf refuses a table that is not its analysis\'s', () => {
  const reductions = reductionsVsBaseline(dataset, { port: 'POLA', pollutant: 'DPM' });

  it('a column gone missing: names the analysis and the column', () => {
    const without = reductions.select(REDUCTION_ROW.columns.filter((c) => c !== 'pct_change'));
    expect(() => rowsOf(without, REDUCTION_ROW)).toThrow(AnalysisTableError);
    expect(() => rowsOf(without, REDUCTION_ROW)).toThrow(/^the reductions table column 'pct_change' is missing \(columns found: port, year, .*, qualifier\)$/);
  });

  it('a column that changed type: names the column, the value, the row and the type expected', () => {
    const textYears = reductions.derive({ year: (d: { year: number }) => `${d.year}` });
    expect(() => rowsOf(textYears, REDUCTION_ROW)).toThrow(`the reductions table column 'year' holds string "2005" in row 1, expected number`);
    const nullTons = intensityPer10000Teu(dataset, { port: 'POLA' }).derive({ tons: () => null });
    expect(() => rowsOf(nullTons, INTENSITY_ROW)).toThrow(`the intensity table column 'tons' holds null in row 1, expected number`);
    const noRefs = reductions.derive({ source_ref: escape((d: { source_ref: string[] }) => d.source_ref.join(';')) });
    expect(() => rowsOf(noRefs, REDUCTION_ROW)).toThrow(/column 'source_ref' holds string "SYNTHETIC_TEST" in row 1, expected string\[\]$/);
  });

  it('a figure that is not finite, a column not in the row type, columns in another order', () => {
    const infinite = reductions.derive({ pct_change: escape(() => Number.POSITIVE_INFINITY) });
    expect(() => rowsOf(infinite, REDUCTION_ROW)).toThrow(`the reductions table column 'pct_change' holds number Infinity in row 1, expected number|null`);
    const extra = reductions.derive({ pct_reduction: (d: { pct_change: number | null }) => d.pct_change });
    expect(() => rowsOf(extra, REDUCTION_ROW)).toThrow(`the reductions table column 'pct_reduction' is not in its row type`);
    const reordered = reductions.relocate('year', { before: 'port' });
    expect(() => rowsOf(reordered, REDUCTION_ROW)).toThrow(`the reductions table column 'port' is at position 2, expected 1`);
  });

  it('a table no analysis built, without a schema to check it against', () => {
    expect(() => rowsOf(table({ year: [2012], pct_change: [-79.2] }))).toThrow(
      'a table that no analysis built cannot be checked: pass the row schema its rows must have (e.g. REDUCTION_ROW)',
    );
  });

  it('the same rows again when the table is the analysis\'s own, filtered or not', () => {
    const rows = rowsOf(reductions);
    expect(rows.map((r) => [r.year, r.release])).toContainEqual([2012, 'POLA_OPEN_2013']);
    const later = reductions.filter((d: { year: number }) => d.year > 2005);
    expect(rowsOf(later, REDUCTION_ROW)).toEqual(rows.filter((r) => r.year > 2005));
  });

  it('the row type follows the table: reading one analysis\'s table as another\'s rows does not compile', () => {
    const typed: ReductionRow[] = rowsOf(reductions);
    // @ts-expect-error a reductions table has no IntensityRow rows
    const wrong: IntensityRow[] = rowsOf(reductions);
    expect(wrong).toEqual(typed);
  });
});

describe('an index over a baseline near the smallest number', () => {
  it('is undefined with its reason, never Infinity (fast-check counterexample: 5e-324 t in 2005)', () => {
    const ds = syntheticDataset({
      emissions: [em('POLA', 2005, 'NOx', 5e-324), em('POLA', 2006, 'NOx', 8.881784197001253e-18)],
      throughput: [teu('POLA', 2005, 1), teu('POLA', 2006, 1)],
    });
    const row = rowsOf(intensityPer10000Teu(ds, { port: 'POLA' })).find((r) => r.year === 2006)!;
    expect(row.tons).toBe(8.881784197001253e-18);
    expect(row.tons_index).toBeNull();
    expect(row.intensity_index).toBeNull();
    expect(row.reason).toBe('no index: the 2005 baseline value is too small for this value, so the index passes the largest number');
  });
});
