/**
 * The explore page without a browser: its state in the URL fragment, the filters each measure's chart
 * takes, the dataset as the page embeds it (the same charts come out of it), tooltips, the size budget and
 * the `explore` command. The page in chromium is test/explore/explore.browser.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChart } from '../../src/charts/index.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { runCli } from '../../src/cli/main.ts';
import { ARQUERO_REPLACEMENTS, arqueroReplacement } from '../../src/explore/browser/arquero-replacements.ts';
import { exploreClientBundle } from '../../src/explore/bundle.ts';
import { EXPLORE_SIZE_BUDGET, explorePage, writeExplorePage } from '../../src/explore/page.ts';
import { EXPLORE_DATA_ID, type ExploreData } from '../../src/explore/page-data.ts';
import { chartFiltersOf, exploreChoices, fragmentOf, parseFragment, type ExploreState } from '../../src/explore/state.ts';
import { markTooltip } from '../../src/explore/tooltip.ts';
import { buildExploreChart, narrowToPorts, portsNotDrawn } from '../../src/explore/compare.ts';
import { emissionsChartData } from '../../src/analysis/chart-data/emissions.ts';
import { withSyntheticCargo, SYNTHETIC_CARGO } from './synthetic-cargo.ts';
import { assembleDataset, type Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { captureIO } from '../helpers/io.ts';

let dataset: Dataset;
let script: string;
let inputs: string[];
const tmp = mkdtempSync(join(tmpdir(), 'explore-'));

beforeAll(async () => {
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
  ({ script, inputs } = await exploreClientBundle());
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The dataset as the page's script rebuilds it from the JSON embedded in the page. */
function embeddedDataset(html: string): Dataset {
  const match = new RegExp(`<script type="application/json" id="${EXPLORE_DATA_ID}">([^<]*)</script>`).exec(html);
  expect(match, 'the page embeds the dataset').not.toBeNull();
  const data = JSON.parse(match![1]!) as ExploreData;
  return assembleDataset(data.identity, data.records);
}

describe('the state in the URL fragment', () => {
  it('reads back what it writes, keys in a fixed order', () => {
    const choices = exploreChoices(dataset);
    const state: ExploreState = { measure: 'pct', port: 'SPB_combined', pollutant: 'NOx', category: 'all', baseline: 'CAAP_2005', from: 2005, to: 2012 };
    const fragment = fragmentOf(state);
    expect(fragment).toBe('#measure=pct&port=SPB_combined&pollutant=NOx&category=all&baseline=CAAP_2005&from=2005&to=2012');
    expect(parseFragment(fragment, choices)).toEqual({ state, dropped: [] });
    expect(parseFragment('', choices)).toEqual({ state: { measure: 'tons' }, dropped: [] });
  });

  it('drops what the dataset lacks and says so, keeping the rest', () => {
    const choices = exploreChoices(dataset);
    const parsed = parseFragment('#measure=share&port=NOPE&pollutant=DPM&from=1066&colour=red&to=2012&category=ocean_going_vessels', choices);
    expect(parsed.state).toEqual({ measure: 'share', pollutant: 'DPM', to: 2012, category: 'ocean_going_vessels' });
    expect(parsed.dropped).toEqual(['port "NOPE" is not in this dataset', 'from "1066" is not a year of this dataset', '"colour" is not a setting of this page']);
    expect(parseFragment('#from=2012&to=2005', choices).dropped).toEqual(['from 2012 is after to 2005']);
  });

  it('maps each measure to its catalogue chart and passes only the filters that chart takes', () => {
    expect(chartFiltersOf({ measure: 'tons', port: 'POLA', baseline: 'CAAP_2005' })).toEqual({ chartId: 'emissions', filters: { port: 'POLA' }, ignored: ['baseline'] });
    expect(chartFiltersOf({ measure: 'pct', baseline: 'CAAP_2005', from: 2005 })).toEqual({ chartId: 'reductions', filters: { baseline: 'CAAP_2005', from: 2005 }, ignored: [] });
    expect(chartFiltersOf({ measure: 'intensity' }).chartId).toBe('intensity');
    expect(chartFiltersOf({ measure: 'share' }).chartId).toBe('category-shares');
  });

  it('offers combined ports and every baseline of the dataset', () => {
    const choices = exploreChoices(dataset);
    expect(choices.ports.map((p) => p.code)).toEqual(['POLA', 'POLB', 'SPB_combined']);
    expect(choices.ports[2]!.label).toMatch(/\(combined\)$/);
    expect(choices.baselines.map((b) => b.code)).toEqual(['CAAP_2005', 'CAAP_2001', 'GHG_1990', 'RULE4001_2008']);
    expect(choices.categories.map((c) => c.code)).not.toContain('all');
  });
});

describe('ports compared and the activity unit', () => {
  it('keeps two or more ports in the fragment, in the dataset\'s order; one port is the Port choice', () => {
    const choices = exploreChoices(dataset);
    const state: ExploreState = { measure: 'pct', ports: ['POLA', 'POLB'], pollutant: 'NOx' };
    expect(fragmentOf(state)).toBe('#measure=pct&ports=POLA,POLB&pollutant=NOx');
    expect(parseFragment('#measure=pct&ports=POLB,POLA&pollutant=NOx', choices)).toEqual({ state, dropped: [] });
    expect(parseFragment('#ports=POLB', choices).state).toEqual({ measure: 'tons', port: 'POLB' });
    expect(parseFragment('#ports=POLB,NOPE,POLA', choices)).toEqual({ state: { measure: 'tons', ports: ['POLA', 'POLB'] }, dropped: ['ports "NOPE" is not in this dataset'] });
    // the share chart draws one port: the ports are said to be unused, not silently applied
    expect(chartFiltersOf({ measure: 'share', ports: ['POLA', 'POLB'] }).ignored).toEqual(['ports']);
  });

  it('draws exactly the chosen ports\' figures of each chart, by the chart\'s own view', () => {
    for (const measure of ['tons', 'pct', 'intensity'] as const) {
      const { chartId } = chartFiltersOf({ measure });
      const every = buildChart(chartId, dataset, { pollutant: 'DPM' });
      const two = buildExploreChart(dataset, { measure, pollutant: 'DPM', ports: ['POLA', 'POLB'] });
      const ports = new Set(two.data.rows.map((r) => r.port));
      expect([...ports].sort(), measure).toEqual(['POLA', 'POLB']);
      // the same rows as the chart of every port, minus the other ports'
      expect(two.data.rows, measure).toEqual(every.data.rows.filter((r) => r.port === 'POLA' || r.port === 'POLB'));
      expect(two.data.columns).toEqual(every.data.columns);
      // the picture's data holds no other port either
      const values = JSON.stringify((two.spec as { data?: { values?: unknown } }).data?.values ?? '');
      expect(values, measure).not.toContain('San Pedro Bay');
    }
    // the target lines say which of the ports compared met them, not the others
    const labels = (state: ExploreState) =>
      ((buildExploreChart(dataset, state).spec as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? []).filter((d) => d.layer === 'label').map((d) => String(d.label));
    const onlyPolb = labels({ measure: 'pct', pollutant: 'NOx', ports: ['POLB', 'SPB_combined'] });
    expect(onlyPolb.length).toBeGreaterThan(0);
    for (const label of onlyPolb) expect(label).not.toContain('POLA');
    expect(labels({ measure: 'pct', pollutant: 'NOx', ports: ['POLA', 'POLB'] }).join(' ')).toContain('POLA');
    // the intensity chart's note of years without an intensity names the ports compared only
    const noIntensity = (state: ExploreState) => /No intensity: ([^.]*)/.exec(buildExploreChart(dataset, state).frame.notes.join(' '))?.[1] ?? '';
    expect(noIntensity({ measure: 'intensity' })).toContain('POLA 2008');
    expect(noIntensity({ measure: 'intensity', ports: ['POLA', 'POLB'] })).toContain('POLA 2008');
    expect(noIntensity({ measure: 'intensity', ports: ['POLB', 'SPB_combined'] })).not.toContain('POLA ');
    // a gap naming only ports not compared is dropped; one naming a compared port stays
    const every = emissionsChartData(dataset, { pollutant: 'DPM' });
    const portLabels = new Map([...dataset.codelists.ports].map(([code, port]) => [code, port.label]));
    expect(every.gaps.map((g) => g.missing)).toEqual(['stacking Port of Los Angeles by source category']);
    expect(narrowToPorts(every, ['POLB'], portLabels).gaps).toEqual([]);
    expect(narrowToPorts(every, ['POLA', 'POLB'], portLabels).gaps).toEqual(every.gaps);
    // the tons chart draws member ports only (unless the combined port is the one chosen): the page says so
    const withCombined: ExploreState = { measure: 'tons', ports: ['POLA', 'SPB_combined'], pollutant: 'DPM' };
    expect(portsNotDrawn(buildExploreChart(dataset, withCombined), withCombined)).toEqual(['SPB_combined']);
    const pct: ExploreState = { measure: 'pct', ports: ['POLA', 'SPB_combined'], pollutant: 'DPM' };
    expect(portsNotDrawn(buildExploreChart(dataset, pct), pct)).toEqual([]);
  });

  it('offers the normalisations a dataset declares, and the intensity chart follows the one chosen', () => {
    const synthetic = withSyntheticCargo(dataset, 'POLA', 'DPM');
    expect(exploreChoices(synthetic).normalisations.map((n) => n.code)).toEqual(['per_10000_teu', SYNTHETIC_CARGO.code]);
    expect(exploreChoices(dataset).normalisations).toHaveLength(1);
    const state: ExploreState = { measure: 'intensity', port: 'POLA', pollutant: 'DPM', per: SYNTHETIC_CARGO.code };
    expect(fragmentOf(state)).toBe(`#measure=intensity&port=POLA&per=${SYNTHETIC_CARGO.code}&pollutant=DPM`);
    expect(parseFragment(fragmentOf(state), exploreChoices(synthetic)).state).toEqual(state);
    expect(parseFragment(fragmentOf(state), exploreChoices(dataset)).dropped).toEqual([`normalisation "${SYNTHETIC_CARGO.code}" is not declared by this dataset`]);
    const cargo = buildExploreChart(synthetic, state);
    const teu = buildExploreChart(synthetic, { ...state, per: undefined });
    expect(cargo.frame.subtitle).toContain(SYNTHETIC_CARGO.label);
    expect(teu.frame.subtitle).toContain('per 10,000 TEU');
    // the per-cargo figures are the tons divided by the SYNTHETIC cargo tons, per 10,000
    const row = (cargo.chartData!.records as Record<string, unknown>[]).find((r) => r.intensity !== null)!;
    expect(Number(row.intensity)).toBeCloseTo((Number(row.tons) / Number(row.teu)) * 10_000, 9);
    expect(cargo.data.rows.map((r) => r.teu)).not.toEqual(teu.data.rows.map((r) => r.teu));
    expect(chartFiltersOf({ measure: 'tons', per: SYNTHETIC_CARGO.code }).ignored).toEqual(['per']);
  });
});

describe('the page', () => {
  it('embeds a dataset from which the catalogue builds the same charts, figure for figure', async () => {
    const page = await explorePage(dataset, { script });
    const embedded = embeddedDataset(page.html);
    expect(embedded.hash).toBe(dataset.hash);
    const states: ExploreState[] = [
      { measure: 'tons' },
      { measure: 'tons', port: 'POLB', pollutant: 'NOx' },
      { measure: 'pct' },
      { measure: 'pct', port: 'SPB_combined', pollutant: 'DPM', from: 2005, to: 2014 },
      { measure: 'intensity' },
      { measure: 'share', pollutant: 'DPM' },
    ];
    for (const state of states) {
      const { chartId, filters } = chartFiltersOf(state);
      const here = buildChart(chartId, dataset, filters);
      const there = buildChart(chartId, embedded, filters);
      expect(there, fragmentOf(state)).toEqual(here);
    }
  });

  it('runs only its own script and style (by hash) and forbids every load', async () => {
    const page = await explorePage(dataset, { script });
    expect(page.csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; base-uri 'none'; form-action 'none'$/);
    expect(page.csp).not.toMatch(/unsafe|https?:|\*/);
    expect(page.html).toContain(`<meta http-equiv="Content-Security-Policy" content="${page.csp.replace(/'/g, '&#39;')}">`);
    expect(page.html).not.toMatch(/\s(?:src|href)="(?!#)/);
    // one executable script, the bundle, whose hash the policy names
    expect(page.html.match(/<script>/g)).toHaveLength(1);
  });

  it('bundles the interpreters in place of arquero\'s code-generating modules (the policy forbids eval)', () => {
    const arquero = inputs.filter((input) => input.includes(join('node_modules', 'arquero', 'src')));
    expect(arquero.length, 'arquero is in the bundle').toBeGreaterThan(50);
    for (const original of Object.keys(ARQUERO_REPLACEMENTS)) {
      expect(arquero.filter((input) => input.endsWith(join('arquero', original))), original).toEqual([]);
      const replacement = arqueroReplacement(join(process.cwd(), 'node_modules', 'arquero', original))!;
      expect(inputs, original).toContain(replacement);
    }
    expect(inputs.filter((input) => input.includes(join('node_modules', 'arquero', 'dist')))).toEqual([]);
  });

  it('stays within its size budget, and a page over budget is refused and not written', async () => {
    const page = await explorePage(dataset, { script });
    expect(page.bytes).toBe(Buffer.byteLength(page.html));
    expect(page.bytes).toBeLessThanOrEqual(EXPLORE_SIZE_BUDGET);
    const out = join(tmp, 'over.html');
    await expect(writeExplorePage(dataset, out, { script, budget: 1_000_000 })).rejects.toThrow(
      /^The explore page would be 1\.\d\d MiB \([\d,]+ bytes\), over its size budget of 0\.95 MiB \(1,000,000 bytes\)$/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('keeps a dataset\'s text inert: a title with markup cannot close or open a script', async () => {
    const hostile = assembleDataset({ name: 'x', title: '</script><script>alert(1)</script> \u2028', hash: dataset.hash }, dataset.records);
    const page = await explorePage(hostile, { script });
    expect(page.html.match(/<script[\s>]/g)).toHaveLength(2);
    expect(page.html).toContain('<title>Explore: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \u2028</title>');
    expect(embeddedDataset(page.html).title).toBe(hostile.title);
  });

  it('gives the same bytes for the same dataset', async () => {
    const a = await explorePage(dataset, { script });
    const b = await explorePage(dataset);
    expect(b.html).toBe(a.html);
  });
});

describe('tooltips', () => {
  it('give a bar its value and unit, year, release, published/computed and source with grade', () => {
    const built = buildChart('emissions', dataset, { port: 'POLA', pollutant: 'DPM' });
    const row = built.data.rows.find((r) => r.year === 2005 && r.role === 'stack')!;
    const datum = { layer: 'stack', port: row.port_label, year: '2005', category: row.source_category_label, tons: row.tons };
    const lines = markTooltip('emissions', datum, built, dataset, 'rect')!;
    const source = dataset.codelists.sources.get(String(row.source_ref))!;
    expect(Object.fromEntries(lines.map((l) => [l.label, l.value]))).toEqual({
      'Port of Los Angeles': 'DPM, All port-related sources',
      Value: '891 tons per year',
      Year: '2005',
      Release: dataset.codelists.releases.get(String(row.release))!.label,
      Figure: 'published (inventory tonnage)',
      Source: `${source.title} (${source.confidence})`,
    });
  });

  it('name the part of a published total not broken down by category, and a partial sum, as the chart marks them', () => {
    const built = buildChart('emissions', dataset, { port: 'POLB', pollutant: 'DPM' });
    const rest = markTooltip('emissions', { layer: 'stack', port: 'Port of Long Beach', year: 2005, category: 'not broken down', tons: 183 }, built, dataset, 'rect')!;
    const byLabel = Object.fromEntries(rest.map((l) => [l.label, l.value]));
    expect(byLabel['Port of Long Beach']).toBe('DPM, not broken down: the published total minus the categories reported (derived)');
    expect(byLabel.Value).toBe('183 tons per year');
    expect(byLabel.Figure).toBe('computed (the published total minus the categories reported)');
    const shares = buildChart('category-shares', dataset, { port: 'POLB', pollutant: 'DPM' });
    const share = markTooltip('category-shares', { bar: 'Port of Long Beach 2018 (partial sum)', category: 'Ocean-going vessels' }, shares, dataset, 'rect')!;
    expect(share.find((l) => l.label === 'Value')!.value).toMatch(/of the sum of the categories reported/);
  });

  it('say a reduction is computed from tonnages or published, as the chart marks it', () => {
    const built = buildChart('reductions', dataset, { port: 'POLA', pollutant: 'DPM' });
    for (const row of built.data.rows) {
      const datum = { layer: 'point', panel: 'Diesel particulate matter (DPM)', port: row.port_label, year: row.year, pct_change: row.pct_change };
      const lines = markTooltip('reductions', datum, built, dataset, 'symbol')!;
      const figure = lines.find((l) => l.label === 'Figure')!.value;
      expect(figure).toBe(row.evidence === 'published' ? 'published (a percentage as the source states it)' : 'computed from published tonnages');
      expect(lines.find((l) => l.label === 'Source')!.value).toMatch(/\([ABCD]\)/);
    }
  });
});

describe('tooltips of every figure', () => {
  it('find exactly one row of the chart\'s data for every figure the picture plots, ports compared or not', () => {
    const synthetic = withSyntheticCargo(dataset, 'POLA', 'DPM');
    const cases: [ExploreState, Dataset][] = [
      [{ measure: 'tons', pollutant: 'DPM' }, dataset],
      [{ measure: 'tons', ports: ['POLA', 'POLB'], pollutant: 'NOx' }, dataset],
      [{ measure: 'pct' }, dataset],
      [{ measure: 'pct', ports: ['POLB', 'SPB_combined'] }, dataset],
      [{ measure: 'intensity' }, dataset],
      [{ measure: 'intensity', port: 'POLA', pollutant: 'DPM', per: SYNTHETIC_CARGO.code }, synthetic],
      [{ measure: 'share', pollutant: 'DPM' }, dataset],
    ];
    for (const [state, data] of cases) {
      const { chartId } = chartFiltersOf(state);
      const built = buildExploreChart(data, state);
      const values = ((built.spec as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? []).filter((d) =>
        chartId === 'emissions' ? d.layer === 'stack' || d.layer === 'total' : chartId === 'reductions' ? d.layer === 'point' : chartId === 'intensity' ? d.index !== null && d.measure !== undefined : d.bar !== undefined,
      );
      expect(values.length, fragmentOf(state)).toBeGreaterThan(0);
      for (const datum of values) {
        const lines = markTooltip(chartId, datum, built, { ...data, ...(state.per ? { defaultNormalisation: state.per } : {}) });
        expect(lines, `${fragmentOf(state)} ${JSON.stringify(datum)}`).toBeDefined();
        expect(lines!.find((l) => l.label === 'Year')!.value).toBe(String(datum.year ?? String(datum.bar).slice(-4)));
      }
    }
  });
});

describe('port-emissions explore', () => {
  it('writes the page and says where and how large', async () => {
    const io = captureIO(tmp);
    expect(await runCli(['explore', '--out', 'page/explore.html'], io)).toBe(0);
    expect(io.out()).toBe('page/explore.html\n');
    expect(io.err()).toMatch(/^explore page: \d\.\d\d MiB \([\d,]+ bytes\) of a 4\.00 MiB \(4,194,304 bytes\) budget\n$/);
    expect(readFileSync(join(tmp, 'page/explore.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('is a usage error with an argument or an unknown option', async () => {
    const io = captureIO(tmp);
    expect(await runCli(['explore', 'reductions'], io)).toBe(2);
    expect(io.err()).toContain("Unexpected argument 'reductions'");
    expect(await runCli(['explore', '--port', 'POLA'], captureIO(tmp))).toBe(2);
  });
});
