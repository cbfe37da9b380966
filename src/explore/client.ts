/**
 * The explore page's script (bundled by bundle.ts, run in the browser). It reads the dataset embedded in
 * the page, builds the chart the controls ask for with the project's own catalogue (buildChart), draws its
 * spec with vega, frames it with the chart's own title, subtitle, notes, source line and provenance line,
 * and keeps the state in the URL fragment. Downloads: the framed SVG (renderChart, as `chart` and `export`
 * draw it), a PNG of that SVG drawn by the canvas, and the data as CSV (toCsv, as `export` writes it).
 */
import { CHARTS, metaLine, renderChart, sourceLine, type BuiltChart } from '../charts/index.ts';
import { PortEmissionsError } from '../errors.ts';
import { assembleDataset, type Dataset, type DatasetRecords } from '../ingest/dataset.ts';
import { toVegaSpec } from '../render/svg.ts';
import { toCsv } from '../report/tabular.ts';
import * as vega from 'vega';
import { EXPLORE_DATA_ID, EXPLORE_PNG_SCALE, type ExploreData } from './page-data.ts';
import { normalisationFor } from '../analysis/normalisations.ts';
import { buildExploreChart, datasetFor, portsNotDrawn } from './compare.ts';
import { chartFiltersOf, COMPARES_PORTS, exploreChoices, fragmentOf, MEASURES, parseFragment, type ExploreChoices, type ExploreState, type Measure } from './state.ts';
import { cellText, markTooltip, type TooltipLine } from './tooltip.ts';

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`explore page: element #${id} is missing`);
  return element as T;
};

interface Current {
  state: ExploreState;
  built?: BuiltChart;
  chartId: string;
  view?: vega.View;
}

let dataset: Dataset;
let choices: ExploreChoices;
let current: Current | undefined;
let rendering = Promise.resolve();

function readData(): ExploreData {
  const text = $(EXPLORE_DATA_ID).textContent ?? '';
  return JSON.parse(text) as ExploreData;
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

function fillSelect(id: string, options: readonly [string, string][]): void {
  const select = $<HTMLSelectElement>(id);
  select.replaceChildren(...options.map(([value, label]) => option(value, label)));
}

function fillControls(): void {
  // The per-activity-unit measure names the dataset's default normalisation, as declared.
  const per = normalisationFor(dataset);
  fillSelect('control-measure', MEASURES.map((m) => [m.id, m.id === 'intensity' ? `${m.label} (${per.label})` : m.label]));
  fillSelect('control-port', [['', 'Every port (chart default)'], ...choices.ports.map((c): [string, string] => [c.code, c.label])]);
  const group = $('control-ports');
  group.append(
    ...choices.ports.map((c) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'ports';
      box.value = c.code;
      label.append(box, document.createTextNode(` ${c.label}`));
      return label;
    }),
  );
  fillSelect('control-per', [['', `Dataset default (${per.label})`], ...choices.normalisations.filter((n) => n.code !== per.code).map((c): [string, string] => [c.code, c.label])]);
  // Only a dataset declaring more than one normalisation has a choice to offer.
  $('control-per').parentElement!.hidden = choices.normalisations.length < 2;
  fillSelect('control-pollutant', [['', 'Chart default'], ...choices.pollutants.map((c): [string, string] => [c.code, c.label])]);
  fillSelect('control-category', [
    ['', 'Every category (chart default)'],
    ['all', 'Port total (all sources)'],
    ...choices.categories.map((c): [string, string] => [c.code, c.label]),
  ]);
  fillSelect('control-baseline', [['', 'Chart default'], ...choices.baselines.map((c): [string, string] => [c.code, c.label])]);
  const years = choices.years.map((y): [string, string] => [String(y), String(y)]);
  fillSelect('control-from', [['', 'First year'], ...years]);
  fillSelect('control-to', [['', 'Last year'], ...years]);
}

const CONTROL_KEYS = ['measure', 'port', 'per', 'pollutant', 'category', 'baseline', 'from', 'to'] as const;

function portBoxes(): HTMLInputElement[] {
  return [...$('control-ports').querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
}

function showState(state: ExploreState, ignored: readonly string[]): void {
  for (const key of CONTROL_KEYS) {
    const select = $<HTMLSelectElement>(`control-${key}`);
    const value = state[key];
    select.value = value === undefined ? '' : String(value);
  }
  // The ticks mirror the state: the ports compared, else the one port chosen.
  const ticked = state.ports ?? (state.port === undefined ? [] : [state.port]);
  for (const box of portBoxes()) box.checked = ticked.includes(box.value);
  const comparing = COMPARES_PORTS.includes(current?.chartId ?? '');
  $('control-ports-unused').hidden = comparing;
  $('control-ports').setAttribute('aria-describedby', comparing ? 'control-ports-help' : 'control-ports-help control-ports-unused');
  for (const key of ['port', 'per', 'pollutant', 'category', 'baseline', 'from', 'to']) {
    const select = $<HTMLSelectElement>(`control-${key}`);
    const unused =
      ignored.includes(key as never) || (key === 'per' ? current?.chartId !== 'intensity' : !CHARTS.find((c) => c.id === current?.chartId)?.filters.includes(key as never));
    if (unused) select.setAttribute('aria-describedby', `control-${key}-unused`);
    else select.removeAttribute('aria-describedby');
    $(`control-${key}-unused`).hidden = !unused;
  }
}

/**
 * The state the controls say. `from` is the control just changed: ticking ports replaces the Port choice
 * (one port ticked is that port; two or more are compared); choosing a Port clears the ticks.
 */
function stateFromControls(from: 'ports' | 'port' | 'other'): ExploreState {
  const value = (key: string): string => $<HTMLSelectElement>(`control-${key}`).value;
  const state: ExploreState = { measure: value('measure') as Measure };
  for (const key of ['port', 'per', 'pollutant', 'category', 'baseline'] as const) if (value(key) !== '') state[key] = value(key);
  const ticked = portBoxes().filter((b) => b.checked).map((b) => b.value);
  if (from === 'ports') {
    delete state.port;
    if (ticked.length === 1) state.port = ticked[0]!;
    if (ticked.length > 1) state.ports = ticked;
  } else if (from === 'other' && ticked.length > 1) {
    delete state.port;
    state.ports = ticked;
  }
  for (const key of ['from', 'to'] as const) if (value(key) !== '') state[key] = Number(value(key));
  return state;
}

function setText(id: string, text: string): void {
  const element = $(id);
  element.textContent = text;
  element.hidden = text === '';
}

function drawTable(built: BuiltChart): void {
  const { columns, rows } = built.data;
  $('data-summary').textContent = `Data behind the chart (${rows.length} row${rows.length === 1 ? '' : 's'}), as the CSV download has it`;
  const table = $<HTMLTableElement>('data-table');
  const head = document.createElement('tr');
  for (const column of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    head.append(th);
  }
  const body = rows.map((row) => {
    const tr = document.createElement('tr');
    for (const column of columns) {
      const td = document.createElement('td');
      td.textContent = cellText(row[column]);
      if (typeof row[column] === 'number') td.className = 'num';
      tr.append(td);
    }
    return tr;
  });
  const caption = table.caption ?? table.createCaption();
  caption.textContent = `${built.frame.title}: the data behind the chart`;
  table.tHead!.replaceChildren(head);
  table.tBodies[0]!.replaceChildren(...body);
}

function hideTooltip(): void {
  $('tooltip').hidden = true;
  $('point-ring').hidden = true;
}

function showTooltip(event: MouseEvent, item: { datum?: unknown; mark?: { marktype?: string } } | null | undefined): void {
  if (!current?.built || !item || item.datum === undefined) return hideTooltip();
  const lines = markTooltip(current.chartId, item.datum, current.built, datasetFor(dataset, current.state), item.mark?.marktype);
  if (lines === undefined) return hideTooltip();
  placeTooltip(lines, event.pageX, event.pageY);
}

/** Shows a tooltip's lines in the tooltip box, near a point of the page. */
function placeTooltip(lines: readonly TooltipLine[], pageX: number, pageY: number): void {
  const tooltip = $('tooltip');
  const list = document.createElement('dl');
  for (const line of lines) {
    const dt = document.createElement('dt');
    dt.textContent = line.label;
    const dd = document.createElement('dd');
    dd.textContent = line.value;
    list.append(dt, dd);
  }
  tooltip.replaceChildren(list);
  tooltip.hidden = false;
  const x = Math.min(pageX + 14, window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8);
  tooltip.style.left = `${Math.max(8, x)}px`;
  tooltip.style.top = `${pageY + 14}px`;
}

/** A plotted mark the keyboard reaches: its tooltip and its place in the view (px from the view's origin). */
interface Point {
  lines: TooltipLine[];
  x: number;
  y: number;
}

let points: Point[] = [];
let pointAt = -1;

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneItem[];
}
interface SceneItem {
  datum?: unknown;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  items?: SceneNode[];
}

/**
 * The marks of the drawn view that stand for a figure (those with a tooltip; lines are reached by their
 * points), left to right and top to bottom, panel by panel.
 */
function pointsOf(view: vega.View, built: BuiltChart, chartId: string): Point[] {
  const out: Point[] = [];
  const visit = (node: SceneNode, dx: number, dy: number): void => {
    for (const item of node.items ?? []) {
      if (node.marktype === 'group') {
        for (const child of item.items ?? []) visit(child, dx + (item.x ?? 0), dy + (item.y ?? 0));
      } else if (node.role === 'mark' && node.marktype !== 'line' && item.datum !== undefined) {
        const lines = markTooltip(chartId, item.datum, built, datasetFor(dataset, current!.state), node.marktype);
        if (lines !== undefined) out.push({ lines, x: dx + (item.x ?? 0) + (item.width ?? 0) / 2, y: dy + (item.y ?? 0) });
      }
    }
  };
  visit((view.scenegraph() as unknown as { root: SceneNode }).root, 0, 0);
  return out.sort((a, b) => a.x - b.x || a.y - b.y);
}

function pointText(point: Point, at: number): string {
  return `Point ${at + 1} of ${points.length}. ${point.lines.map((l) => `${l.label}: ${l.value}`).join('; ')}`;
}

/** Moves the keyboard's point (clamped to the list), shows its tooltip and says it in the live region. */
function showPoint(at: number): void {
  if (points.length === 0) return;
  pointAt = Math.max(0, Math.min(points.length - 1, at));
  const point = points[pointAt]!;
  const svg = $('chart').querySelector('svg');
  const box = svg?.getBoundingClientRect();
  const origin = current?.view?.origin() ?? [0, 0];
  const pageX = (box?.left ?? 0) + window.scrollX + origin[0] + point.x;
  const pageY = (box?.top ?? 0) + window.scrollY + origin[1] + point.y;
  placeTooltip(point.lines, pageX, pageY);
  // A ring on the mark shows which one the keyboard is on.
  const ring = $('point-ring');
  ring.style.left = `${pageX}px`;
  ring.style.top = `${pageY}px`;
  ring.hidden = false;
  $('point-live').textContent = pointText(point, pointAt);
  $('points').dataset.at = String(pointAt);
}

function pointKeys(event: KeyboardEvent): void {
  const moves: Record<string, number> = { ArrowRight: pointAt + 1, ArrowDown: pointAt + 1, ArrowLeft: pointAt - 1, ArrowUp: pointAt - 1, Home: 0, End: points.length - 1 };
  const next = moves[event.key];
  if (next === undefined) return;
  event.preventDefault();
  showPoint(pointAt < 0 && (event.key === 'ArrowRight' || event.key === 'ArrowDown') ? 0 : next);
}

async function drawChart(built: BuiltChart): Promise<vega.View | undefined> {
  const container = $('chart');
  current?.view?.finalize();
  container.replaceChildren();
  points = [];
  pointAt = -1;
  $('points').hidden = true;
  if (built.missing !== undefined) {
    const notice = document.createElement('p');
    notice.className = 'missing';
    notice.innerHTML = '<strong>Not in the data:</strong> ';
    notice.append(document.createTextNode(built.missing));
    container.append(notice);
    return undefined;
  }
  const warnings: string[] = [];
  const runtime = vega.parse(toVegaSpec(built.spec, { onWarning: (m) => warnings.push(m) }));
  const view = new vega.View(runtime, { renderer: 'svg', container, hover: false });
  view.logLevel(vega.Error);
  view.addEventListener('mousemove', (event, item) => showTooltip(event as MouseEvent, item as never));
  view.addEventListener('mouseout', () => hideTooltip());
  await view.runAsync();
  points = pointsOf(view, built, current!.chartId);
  pointAt = -1;
  $('points').hidden = points.length === 0;
  $('point-live').textContent = '';
  // The figure names the chart (title) and describes it (narrative); vega's generic label would hide both.
  for (const name of ['role', 'aria-label', 'aria-roledescription']) container.removeAttribute(name);
  const svg = container.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', 'chart-title');
    svg.setAttribute('aria-describedby', 'chart-narrative');
  }
  return view;
}

function frameText(built: BuiltChart): void {
  setText('chart-title', built.frame.title);
  setText('chart-subtitle', built.frame.subtitle);
  const notes = $('chart-notes');
  notes.replaceChildren(
    ...built.frame.notes.map((note) => {
      const li = document.createElement('li');
      li.textContent = note;
      return li;
    }),
  );
  notes.hidden = built.frame.notes.length === 0;
  setText('chart-source', sourceLine(dataset, built.frame.sourceRefs));
  setText('chart-meta', metaLine(built, dataset));
  setText('chart-narrative', built.narrative);
}

async function show(state: ExploreState, notices: readonly string[] = []): Promise<void> {
  const { chartId, ignored } = chartFiltersOf(state);
  current = { state, chartId, ...(current?.view ? { view: current.view } : {}) };
  showState(state, ignored);
  const ignoredWords = ignored.map((key) => `${key} (the ${MEASURES.find((m) => m.id === state.measure)!.label.toLowerCase()} chart does not take it)`);
  let built: BuiltChart;
  try {
    built = buildExploreChart(dataset, state);
  } catch (error) {
    if (!(error instanceof PortEmissionsError)) throw error;
    current.view?.finalize();
    delete current.view;
    $('chart').replaceChildren();
    setText('chart-title', 'This view cannot be drawn');
    setText('chart-subtitle', `${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    for (const id of ['chart-source', 'chart-meta', 'chart-narrative']) setText(id, '');
    $('chart-notes').hidden = true;
    setDownloads(false);
    announce('This view cannot be drawn');
    return;
  }
  current.built = built;
  frameText(built);
  const view = await drawChart(built);
  if (view) current.view = view;
  else delete current.view;
  drawTable(built);
  setDownloads(true);
  const fragment = fragmentOf(state);
  if (location.hash !== fragment) history.replaceState(null, '', fragment);
  $<HTMLAnchorElement>('view-link').href = fragment;
  const notDrawn = chartId === 'category-shares' ? [] : portsNotDrawn(built, state).map((p) => dataset.codelists.ports.get(p)?.label ?? p);
  const all = [
    ...notices,
    ...(ignoredWords.length > 0 ? [`Not used by this measure: ${ignoredWords.join('; ')}.`] : []),
    ...(notDrawn.length > 0 ? [`No figures of ${notDrawn.join(', ')} in this chart for these filters: not drawn.`] : []),
  ];
  setText('notice', all.join(' '));
  $('figure').dataset.chart = chartId;
  announce(built.frame.title);
}

/** Says the new title in the live region; its data-count tells a test (or a script) a view was drawn. */
function announce(text: string): void {
  const region = $('announce');
  region.textContent = text;
  region.dataset.count = String(Number(region.dataset.count ?? '0') + 1);
}

function setDownloads(enabled: boolean): void {
  for (const id of ['download-svg', 'download-png', 'download-csv']) $<HTMLButtonElement>(id).disabled = !enabled;
}

function queue(task: () => Promise<void>): void {
  rendering = rendering.then(task).catch((error: unknown) => {
    setText('notice', `The page failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function framedSvg(): Promise<string> {
  return (await renderChart(current!.built!, dataset)).svg;
}

async function pngOf(svg: string, scale: number): Promise<Blob> {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  // A data: URL, not a blob: one: the page reads nothing, not even its own blob store, to draw the PNG.
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}

function wire(): void {
  for (const key of CONTROL_KEYS) {
    $<HTMLSelectElement>(`control-${key}`).addEventListener('change', () => queue(() => show(stateFromControls(key === 'port' ? 'port' : 'other'))));
  }
  $('control-ports').addEventListener('change', () => queue(() => show(stateFromControls('ports'))));
  $('points').addEventListener('keydown', pointKeys);
  $('points').addEventListener('blur', () => hideTooltip());
  window.addEventListener('hashchange', () => {
    const { state, dropped } = parseFragment(location.hash, choices);
    queue(() => show(state, dropped.length > 0 ? [`The link's ${dropped.join('; ')}: left at the default.`] : []));
  });
  $('download-svg').addEventListener('click', () =>
    queue(async () => save(`${current!.chartId}.svg`, new Blob([await framedSvg()], { type: 'image/svg+xml' }))),
  );
  $('download-png').addEventListener('click', () =>
    queue(async () => save(`${current!.chartId}@${EXPLORE_PNG_SCALE}x.png`, await pngOf(await framedSvg(), EXPLORE_PNG_SCALE))),
  );
  $('download-csv').addEventListener('click', () =>
    queue(async () => {
      const { rows, columns } = current!.built!.data;
      save(`${current!.chartId}.csv`, new Blob([toCsv(rows, columns)], { type: 'text/csv' }));
    }),
  );
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideTooltip();
  });
}

function start(): void {
  const data = readData();
  dataset = assembleDataset(data.identity, data.records as DatasetRecords);
  choices = exploreChoices(dataset);
  fillControls();
  wire();
  const { state, dropped } = parseFragment(location.hash, choices);
  queue(() => show(state, dropped.length > 0 ? [`The link's ${dropped.join('; ')}: left at the default.`] : []));
  queue(async () => {
    document.documentElement.dataset.ready = 'true';
  });
}

start();
