/**
 * Every analysis table of any dataset `validate` accepts reads back through rowsOf: no column of another
 * type, no NaN or Infinity (a figure that cannot be computed is null with its reason). SYNTHETIC datasets
 * generated here (test/helpers/synthetic-dataset.ts codelists): tonnages 0 or from 10^-6 to 10^15 (the
 * range validate accepts), zero and tiny TEU, published % changes, targets, several releases.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { sourceCategoryShares } from '../../src/analysis/categories.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { projectSeries } from '../../src/analysis/project.ts';
import { reconcileIndicators } from '../../src/analysis/reconcile.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import { rowsOf } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { em, ind, syntheticDataset, target, teu } from '../helpers/synthetic-dataset.ts';
import { fuzzParams, fuzzTimeout } from './arbitraries.ts';

const tons = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e15, noNaN: true }), fc.integer({ min: 1, max: 5000 }));
const year = fc.integer({ min: 2005, max: 2012 });
const port = fc.constantFrom('POLA', 'POLB');
const pollutant = fc.constantFrom('DPM', 'NOx');
const category = fc.constantFrom('all', 'ocean_going_vessels', 'ogv_at_berth', 'harbor_craft');
const release = fc.constantFrom('POLA_EI_2008', 'POLA_OPEN_2013', 'POLB_EI_2012');

const generated = fc.record({
  emissions: fc.uniqueArray(fc.tuple(port, year, pollutant, category, release, tons), { maxLength: 40, selector: ([p, y, x, c, r]) => `${p} ${y} ${x} ${c} ${r}` }),
  throughput: fc.uniqueArray(fc.tuple(port, year, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000_000 }))), { maxLength: 16, selector: ([p, y]) => `${p} ${y}` }),
  indicators: fc.uniqueArray(fc.tuple(port, year, pollutant, fc.double({ min: -100, max: 300, noNaN: true })), { maxLength: 8, selector: ([p, y, x]) => `${p} ${y} ${x}` }),
  targets: fc.array(fc.tuple(fc.constantFrom(['POLA'], ['POLB'], ['SPB']), pollutant, fc.integer({ min: 2008, max: 2030 }), fc.double({ min: 0, max: 100, noNaN: true })), { maxLength: 3 }),
});

/** An analysis's rows, or [] when it refuses the options with a PortEmissionsError (e.g. no year to start from). */
function rowsOrRefusal<T>(analysis: () => T[]): T[] {
  try {
    return analysis();
  } catch (error) {
    if (error instanceof PortEmissionsError) return [];
    throw error;
  }
}

describe('analysis tables of generated datasets', () => {
  it('every analysis reads back through rowsOf: the declared column types, finite figures', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const dataset = syntheticDataset({
          emissions: g.emissions.map(([p, y, x, c, r, v]) => em(p, y, x, v, { source_category: c, release: p === 'POLB' ? 'POLB_EI_2012' : r === 'POLB_EI_2012' ? 'POLA_OPEN_2013' : r })),
          throughput: g.throughput.map(([p, y, t]) => teu(p, y, t)),
          indicators: g.indicators.map(([p, y, x, v]) => ind(p, y, x, v, 'CAAP_2005')),
          targets: g.targets.map(([ports, x, y, v], i) => target(`T${i}`, [...ports], x, y, v)),
        });
        // rowsOf throws an AnalysisTableError for a value of another type or a NaN or Infinity: the property.
        rowsOf(reductionsVsBaseline(dataset));
        rowsOf(intensityPer10000Teu(dataset));
        rowsOf(sourceCategoryShares(dataset));
        rowsOf(targetProgress(dataset));
        rowsOf(reconcileIndicators(dataset));
        rowsOrRefusal(() => rowsOf(projectSeries(dataset)));
        for (const p of ['POLA', 'POLB', 'SPB']) for (const x of ['DPM', 'NOx']) rowsOrRefusal(() => rowsOf(decomposeChange(dataset, { port: p, pollutant: x })));
      }),
      fuzzParams(150),
    );
  }, fuzzTimeout(60_000));
});
