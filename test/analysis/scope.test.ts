/**
 * A port filter scopes the dataset before an analysis runs (scopedToPort): the rows for a port must be the
 * rows the whole, unscoped analysis gives for that port. Checked for every port, combined ones included, on
 * the embedded dataset and on a SYNTHETIC dataset of several ports.
 */
import type { ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceCategoryShares } from '../../src/analysis/categories.ts';
import { scopedToPort } from '../../src/analysis/common.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { projectSeries } from '../../src/analysis/project.ts';
import { reconcileIndicators } from '../../src/analysis/reconcile.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { syntheticPortsDataset } from '../bench/synthetic-ports.ts';

type Row = Record<string, unknown> & { port: string };
const rows = (t: ColumnTable) => t.objects() as Row[];

const ANALYSES: [string, (dataset: Dataset, options: { port?: string }) => ColumnTable][] = [
  ['reductionsVsBaseline', reductionsVsBaseline],
  ['intensityPer10000Teu', intensityPer10000Teu],
  ['sourceCategoryShares', sourceCategoryShares],
  ['reconcileIndicators', reconcileIndicators],
  ['projectSeries', projectSeries],
];

let embedded: Dataset;
const synthetic = syntheticPortsDataset(4);

beforeAll(async () => {
  embedded = await loadDataset(EMBEDDED_DATASET_DIR);
});

describe('analyses filtered by port', () => {
  for (const [name, analysis] of ANALYSES) {
    it(`${name}: a port's rows equal the unscoped result's rows of that port`, () => {
      for (const dataset of [embedded, synthetic]) {
        const whole = rows(analysis(dataset, {}));
        for (const port of dataset.codelists.ports.keys()) {
          expect({ port, rows: rows(analysis(dataset, { port })) }).toEqual({ port, rows: whole.filter((r) => r.port === port) });
        }
      }
    });
  }

  it("targetProgress: a port's rows equal the unscoped result's rows of that port", () => {
    for (const dataset of [embedded, synthetic]) {
      const whole = rows(targetProgress(dataset, {}));
      for (const port of dataset.codelists.ports.keys()) {
        const scoped = rows(targetProgress(dataset, { port }));
        expect(scoped.filter((r) => r.port === port)).toEqual(whole.filter((r) => r.port === port));
        // a target no port can be computed for keeps its ports joined ("POLA;POLB"): the same row either way
        const others = scoped.filter((r) => r.port !== port);
        expect(others).toEqual(whole.filter((r) => others.some((o) => o.target_id === r.target_id && o.port === r.port)));
      }
    }
  });

  it('compares real rows: every analysis has rows for some port of each dataset, targets for the combined port', () => {
    for (const dataset of [embedded, synthetic]) {
      for (const [name, analysis] of ANALYSES) {
        const counts = [...dataset.codelists.ports.keys()].map((port) => rows(analysis(dataset, { port })).length);
        expect({ name, dataset: dataset.name, some: Math.max(...counts) > 0 }).toEqual({ name, dataset: dataset.name, some: true });
      }
    }
    expect(rows(reductionsVsBaseline(embedded, { port: 'SPB_combined' })).length).toBeGreaterThan(0);
    // the combined port's note names its members' later figures when only the combined port is asked for
    const combined = rows(targetProgress(embedded, { port: 'SPB_combined' }));
    expect(combined.some((r) => String(r.reason).includes('later years are published per port only (POLA 2024, POLB 2023)'))).toBe(true);
  });
});

describe('scopedToPort', () => {
  it("keeps a port's rows, a combined port's members' rows, and everything else whole", () => {
    const pola = scopedToPort(embedded, 'POLA');
    expect(new Set(pola.records.emissions.map((r) => r.port))).toEqual(new Set(['POLA']));
    expect(pola.records.targets).toBe(embedded.records.targets);
    expect(pola.codelists).toBe(embedded.codelists);
    const combined = scopedToPort(embedded, 'SPB_combined');
    const members = embedded.codelists.ports.get('SPB_combined')!.members;
    expect(new Set(combined.records.emissions.map((r) => r.port))).toEqual(new Set(embedded.records.emissions.map((r) => r.port).filter((p) => p === 'SPB_combined' || members.includes(p))));
    expect(scopedToPort(embedded, undefined)).toBe(embedded);
    expect(scopedToPort(embedded, 'POLA')).toBe(pola);
  });
});
