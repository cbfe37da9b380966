/**
 * Run by no-codegen.test.ts under `node --disallow-code-generation-from-strings`, as the explore page runs
 * the analyses under a Content-Security-Policy without 'unsafe-eval': loads the embedded dataset, reads
 * every analysis table through rowsOf and builds every catalogue chart, then prints how many rows and
 * charts it got as JSON. With the argument `arquero-verb` it also runs one arquero verb (a rollup), which
 * must fail here: the control that shows the flag is in force.
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

const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
const rows = {
  reductions: rowsOf(reductionsVsBaseline(dataset)).length,
  intensity: rowsOf(intensityPer10000Teu(dataset)).length,
  targets: rowsOf(targetProgress(dataset)).length,
  reconcile: rowsOf(reconcileIndicators(dataset)).length,
  restatement: rowsOf(restatementDiff(dataset, { releaseA: 'POLB_EI_2007_PRESSTELEGRAM', releaseB: 'POLB_EI_2018_MARPRO' })).length,
  projection: rowsOf(projectSeries(dataset)).length,
  regional: rowsOf(regionalContext(dataset)).length,
  categories: rowsOf(sourceCategoryShares(dataset)).length,
  decomposition: rowsOf(decomposeChange(dataset, { port: 'POLA', pollutant: 'DPM' })).length,
};
const charts = CHARTS.map((chart) => [chart.id, buildChart(chart.id, dataset).data.rows.length] as const);
if (process.argv.includes('arquero-verb')) reductionsVsBaseline(dataset).groupby('port').rollup({ n: op.count() });
process.stdout.write(JSON.stringify({ rows, charts: Object.fromEntries(charts) }));
