import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltChart, ChartFilters } from '../../src/charts/types.ts';
import { createDeckCommand } from '../../src/cli/deck.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { reportError, runCli } from '../../src/cli/main.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { frameSvg } from '../../src/render/frame.ts';
import { svgToPngPicture } from '../../src/render/png.ts';
import { renderSvg } from '../../src/render/svg.ts';
import type { ChartEngine } from '../../src/report/build.ts';
import { captureIO } from '../helpers/io.ts';
import { MINI_CSV, writeMiniDataset } from '../helpers/mini-dataset.ts';
import { readZip, xmlTexts } from '../helpers/zip.ts';
import { buildChart } from '../../src/charts/catalogue.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { DEFAULT_REPORT_DEFINITION } from '../../src/cli/report-options.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { chartRequests, citedSources } from '../../src/report/board-pack.ts';
import { catalogueEngine } from '../../src/report/build.ts';
import { MAX_SOURCE_SLIDES, shortTitle, SOURCES_PER_SLIDE } from '../../src/report/deck.ts';
import type { ReportDefinition } from '../../src/report/definition.ts';

// SYNTHETIC charts over the synthetic mini dataset (test/helpers/mini-dataset.ts): no real figures.

function syntheticChart(id: string, filters: ChartFilters): BuiltChart {
  const port = filters.port ?? 'PORT_A';
  const rows = [
    { year: 2005, value: 1000 },
    { year: 2010, value: 500 },
  ];
  return {
    id,
    spec: {
      width: 200,
      height: 100,
      data: { values: rows },
      mark: id === 'trend' ? 'line' : 'bar',
      encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } },
    },
    frame: {
      title: `Synthetic ${id} for ${port}`,
      subtitle: 'synthetic tons per year',
      notes: [],
      sourceRefs: ['SYNTHETIC_TEST'],
      release: 'SYN_2011',
      baseline: 'Synthetic 2005 baseline',
    },
    narrative: `Synthetic narrative: ${port} NOx halved from 2005 to 2010.`,
    sentences: [`Synthetic narrative: ${port} NOx halved from 2005 to 2010.`],
    data: { columns: ['year', 'value'], rows },
    ...(id === 'trend'
      ? { native: { type: 'line' as const, categories: ['2005', '2010'], series: [{ name: `Synthetic ${port}`, values: [1000, 500] }] } }
      : {}),
  };
}

function syntheticEngine(failOn?: string): ChartEngine {
  return {
    chartIds: ['trend', 'picture'],
    buildChart: (id, dataset, filters) => {
      if (id === failOn) throw new PortEmissionsError(`synthetic failure building ${id}`);
      return syntheticChart(id, filters);
    },
    renderChart: async (chart, dataset, { idPrefix }) => ({
      svg: frameSvg(await renderSvg(chart.spec, { idPrefix }), { title: chart.frame.title, source: 'synthetic' }, { idPrefix }),
    }),
    chartPng: (svg, scale) => svgToPngPicture(svg, { scale }),
  };
}

const DEFINITION = {
  title: 'Synthetic board pack',
  subtitle: 'Synthetic data only',
  dataset: 'data',
  sections: [
    { id: 'one', title: 'One', charts: [{ id: 'trend', filters: { port: 'PORT_B' } }, { id: 'picture', title: 'Synthetic picture, own title' }] },
  ],
};

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-cli-deck-'));
  await writeMiniDataset(join(root, 'data'));
  await writeFile(join(root, 'board.json'), JSON.stringify(DEFINITION));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the deck command with a synthetic engine, mapping errors to exit codes as the CLI does. */
async function deck(args: string[], io: CliIO, engine = syntheticEngine()): Promise<number> {
  try {
    return await createDeckCommand({ engine: async () => engine }).run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

describe('port-emissions deck', () => {
  it('writes the deck of every chart to reports/out/<report>.pptx, prints the path, progress on stderr', async () => {
    const io = captureIO(root);
    expect(await deck(['--report', 'board.json'], io)).toBe(0);
    expect(io.out()).toBe(`${join('reports', 'out', 'board.pptx')}\n`);
    expect(io.err()).toBe('charts 1/2 trend\ncharts 2/2 picture\ncharts done: 2 charts in the deck\n');

    const zip = readZip(await readFile(join(root, 'reports', 'out', 'board.pptx')));
    const slides = zip.match(/^ppt\/slides\/slide\d+\.xml$/);
    expect(slides).toHaveLength(2 + 2);
    const title = (n: number) => xmlTexts(zip.text(`ppt/slides/slide${n}.xml`), 'a:t')[0];
    expect([1, 2, 3, 4].map(title)).toEqual(['Synthetic board pack', 'Synthetic trend for PORT_B', 'Synthetic picture, own title', 'Sources']);
    expect(xmlTexts(zip.text('ppt/charts/chart1.xml'), 'c:v')).toEqual(['Synthetic PORT_B', '2005', '2010', '1000', '500']);
    expect(xmlTexts(zip.text('ppt/notesSlides/notesSlide2.xml'), 'a:t').join('\n')).toContain(
      'Synthetic narrative: PORT_B NOx halved from 2005 to 2010.',
    );
    expect(xmlTexts(zip.text('ppt/slides/slide4.xml'), 'a:t')).toContain(
      `[SYNTHETIC_TEST] ${shortTitle('Synthetic test data generated by test/helpers/mini-dataset.ts')} (D)`,
    );
    // The full title stays in the sources slide's notes.
    expect(xmlTexts(zip.text('ppt/notesSlides/notesSlide4.xml'), 'a:t').join('\n')).toContain(
      '[SYNTHETIC_TEST] Synthetic test data generated by test/helpers/mini-dataset.ts (confidence: D)',
    );
  });

  it('writes where --out says, and prints nothing on stderr with --quiet', async () => {
    const io = captureIO(root);
    expect(await deck(['--report', 'board.json', '--out', 'board/pack.pptx', '--quiet'], io)).toBe(0);
    expect(io.out()).toBe(`${join('board', 'pack.pptx')}\n`);
    expect(io.err()).toBe('');
    expect(readZip(await readFile(join(root, 'board', 'pack.pptx'))).has('ppt/presentation.xml')).toBe(true);
  });

  it('draws a bar on a terminal, coloured unless NO_COLOR is set', async () => {
    const colour = { ...captureIO(root), isTTY: true };
    expect(await deck(['--report', 'board.json'], colour)).toBe(0);
    expect(colour.err()).toContain('\r[\u001b[32m##########');
    expect(colour.err()).toContain('1/2 charts: trend');

    const plain = { ...captureIO(root, { NO_COLOR: '1' }), isTTY: true };
    expect(await deck(['--report', 'board.json'], plain)).toBe(0);
    expect(plain.err()).toContain('\r[##########----------] 1/2 charts: trend');
    expect(plain.err()).not.toContain('\u001b');
  });

  it('exits 1 on an invalid dataset given with --data, writing nothing', async () => {
    await writeMiniDataset(join(root, 'bad'), { emissions: MINI_CSV.emissions.replace(',1000,', ',a thousand,') });
    const io = captureIO(root);
    expect(await deck(['--report', 'board.json', '--data', 'bad', '--quiet'], io)).toBe(1);
    expect(io.err()).toMatch(/^data\/emissions\.csv:2:value: /m);
    expect(io.err()).toContain('is not valid: 1 problem');
    expect(io.out()).toBe('');
    await expect(readdir(join(root, 'reports'))).rejects.toThrow();
  });

  it('exits 1 and keeps the previous deck when a chart fails to build', async () => {
    const io = captureIO(root);
    expect(await deck(['--report', 'board.json', '--quiet'], io)).toBe(0);
    const before = await readFile(join(root, 'reports', 'out', 'board.pptx'));
    const failing = captureIO(root);
    expect(await deck(['--report', 'board.json', '--quiet'], failing, syntheticEngine('picture'))).toBe(1);
    expect(failing.err()).toBe('port-emissions: board.json:sections[0].charts[1]: chart picture: synthetic failure building picture\n');
    expect((await readFile(join(root, 'reports', 'out', 'board.pptx'))).equals(before)).toBe(true);
    expect(await readdir(join(root, 'reports', 'out'))).toEqual(['board.pptx']);
  });

  it('exits 2 on usage errors: unknown option, --out not a .pptx, unreadable --report', async () => {
    let io = captureIO(root);
    expect(await deck(['--colour'], io)).toBe(2);
    expect(io.err()).toContain("Unknown option '--colour'");

    io = captureIO(root);
    expect(await deck(['--report', 'board.json', '--out', 'board.ppt'], io)).toBe(2);
    expect(io.err()).toBe("port-emissions: --out must name a .pptx file, found 'board.ppt'\nhint: e.g. --out board/caap-2024.pptx\n");

    io = captureIO(root);
    expect(await deck(['--report', 'missing.json'], io)).toBe(2);
    expect(io.err()).toContain('port-emissions: missing.json: cannot read the report definition: no such file');
  });

  it('exits 1 when the definition names a chart the catalogue lacks', async () => {
    await writeFile(join(root, 'odd.json'), JSON.stringify({ ...DEFINITION, sections: [{ id: 'a', title: 'A', charts: [{ id: 'nope' }] }] }));
    const io = captureIO(root);
    expect(await deck(['--report', 'odd.json'], io)).toBe(1);
    expect(io.err()).toContain('odd.json:sections[0].charts[0].id: unknown chart id; found "nope"');
  });

  it('prints its help with an example through the CLI dispatcher', async () => {
    const io = captureIO(root);
    expect(await runCli(['deck', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: port-emissions deck [--report FILE] [--data DIR] [--out FILE.pptx] [--quiet]');
    expect(io.out()).toContain('Exit codes: 0 written; 1 data error');
    expect(io.out()).toContain('Examples:\n  port-emissions deck\n  port-emissions deck --report reports/source-categories.json --out board/categories.pptx\n');
  });

  it("stamps the dataset's own date in the document properties, or SOURCE_DATE_EPOCH; a bad one exits 2", async () => {
    const created = async () => /<dcterms:created[^>]*>([^<]*)</.exec(readZip(await readFile(join(root, 'd.pptx'))).text('docProps/core.xml'))![1];
    expect(await deck(['--report', 'board.json', '--out', 'd.pptx', '--quiet'], captureIO(root))).toBe(0);
    // The mini dataset's newest release is published in 2011.
    expect(await created()).toBe('2011-01-01T00:00:00Z');
    expect(await deck(['--report', 'board.json', '--out', 'd.pptx', '--quiet'], captureIO(root, { SOURCE_DATE_EPOCH: '1700000000' }))).toBe(0);
    expect(await created()).toBe('2023-11-14T22:13:20Z');
    const io = captureIO(root, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(await deck(['--report', 'board.json', '--out', 'd.pptx'], io)).toBe(2);
    expect(io.err()).toContain("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, found 'yesterday'");
  });
});

describe('port-emissions deck on the embedded San Pedro Bay dataset', () => {
  it('builds the default report (reports/caap-progress.json) into a deck that reads back', async () => {
    const io = captureIO(root);
    expect(await runCli(['deck', '--out', 'caap.pptx', '--quiet'], io)).toBe(0);
    expect(io.out()).toBe('caap.pptx\n');
    const zip = readZip(await readFile(join(root, 'caap.pptx')));

    // What the deck should hold, from the same definition, dataset and catalogue.
    const definition = JSON.parse(await readFile(DEFAULT_REPORT_DEFINITION, 'utf8')) as ReportDefinition;
    const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
    const engine = await catalogueEngine();
    const built = chartRequests(definition, 'caap-progress.json', engine).map((request) => {
      const chart = buildChart(request.chartId, dataset, request.filters);
      return request.title === undefined ? chart : { ...chart, frame: { ...chart.frame, title: request.title } };
    });
    const sources = citedSources(dataset, built.flatMap((chart) => chart.frame.sourceRefs));
    const sourceSlides = Math.min(MAX_SOURCE_SLIDES, Math.ceil(sources.length / SOURCES_PER_SLIDE));

    const slides = zip.match(/^ppt\/slides\/slide\d+\.xml$/);
    // Title, key findings, one slide per chart, the sources.
    expect(slides).toHaveLength(2 + built.length + sourceSlides);
    const texts = (n: number) => xmlTexts(zip.text(`ppt/slides/slide${n}.xml`), 'a:t');
    expect(texts(1)[0]).toBe(definition.title);
    expect(texts(2)[0]).toBe('Key findings');
    expect(texts(2)).toContain('\u221290%');
    expect(built.map((_, i) => texts(i + 3)[0])).toEqual(built.map((chart) => chart.frame.title));

    // One chart drawn natively: its slide holds a chart part with the chart's series and values.
    const index = built.findIndex((chart) => chart.native !== undefined && chart.missing === undefined);
    expect(index).toBeGreaterThanOrEqual(0);
    const native = built[index]!.native!;
    const rels = zip.text(`ppt/slides/_rels/slide${index + 3}.xml.rels`);
    const part = /relationships\/chart" Target="\/?(?:\.\.\/)?(?:ppt\/)?(charts\/chart\d+\.xml)"/.exec(rels)![1]!;
    const values = xmlTexts(zip.text(`ppt/${part}`), 'c:v');
    for (const series of native.series) {
      expect(values).toContain(series.name);
      for (const value of series.values) if (value !== null) expect(values).toContain(String(value));
    }

    // Speaker notes: the narrative and the citations.
    const notes = xmlTexts(zip.text(`ppt/notesSlides/notesSlide${index + 3}.xml`), 'a:t').join('\n');
    expect(notes).toContain(built[index]!.narrative);
    const first = citedSources(dataset, built[index]!.frame.sourceRefs)[0]!;
    expect(notes).toContain(`[${first.ref}] ${first.title} (confidence ${first.confidence})`);

    // The sources slides list every cited source once.
    const listed = Array.from({ length: sourceSlides }, (_, i) => texts(3 + built.length + i)).flat();
    expect(listed[0]).toBe(sourceSlides === 1 ? 'Sources' : `Sources (1/${sourceSlides})`);
    for (const source of sources) {
      expect(listed.filter((line) => line.startsWith(`[${source.ref}] `))).toEqual([
        `[${source.ref}] ${shortTitle(source.title)}${source.confidence === '' ? '' : ` (${source.confidence})`}`,
      ]);
    }
  });
});
