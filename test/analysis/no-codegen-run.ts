/**
 * Run by no-codegen.test.ts, under `node --disallow-code-generation-from-strings` (as the explore page runs
 * the analyses under a Content-Security-Policy without 'unsafe-eval') with the page's replacements of
 * arquero's code-generating modules (--import src/explore/browser/register-interpreters.ts), and without
 * either for comparison. Loads the embedded dataset, reads every analysis table through rowsOf and builds
 * every catalogue chart's data, then prints them all as JSON (encode: NaN and undefined kept). With the
 * argument `arquero-verb` it first runs one arquero verb (a rollup): under the flag it fails unless the
 * replacements are loaded.
 */
import { op } from 'arquero';
import { sourceCategoryShares } from '../../src/analysis/categories.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { projectSeries, regionalContext } from '../../src/analysis/project.ts';
import { reconcileIndicators, restatementDiff } from '../../src/analysis/reconcile.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import { rowsOf } from '../../src/analysis/types.ts';
import { buildChart, CHARTS } from '../../src/charts/catalogue.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { encode } from './arquero-battery.ts';

const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
if (process.argv.includes('arquero-verb')) reductionsVsBaseline(dataset).groupby('port').rollup({ n: op.count() });
const rows = {
  reductions: rowsOf(reductionsVsBaseline(dataset)),
  intensity: rowsOf(intensityPer10000Teu(dataset)),
  targets: rowsOf(targetProgress(dataset)),
  reconcile: rowsOf(reconcileIndicators(dataset)),
  restatement: rowsOf(restatementDiff(dataset, { releaseA: 'POLB_EI_2007_PRESSTELEGRAM', releaseB: 'POLB_EI_2018_MARPRO' })),
  projection: rowsOf(projectSeries(dataset)),
  regional: rowsOf(regionalContext(dataset)),
  categories: rowsOf(sourceCategoryShares(dataset)),
  decomposition: rowsOf(decomposeChange(dataset, { port: 'POLA', pollutant: 'DPM' })),
};
const charts = CHARTS.map((chart) => [chart.id, buildChart(chart.id, dataset).data] as const);
process.stdout.write(encode({ rows, charts: Object.fromEntries(charts) }));
