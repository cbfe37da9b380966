import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildSanPedroBay,
  confidenceGrade,
  DATASET_DIR,
  DEFAULT_RESEARCH_DIR,
  NOT_INCLUDED_FILE,
  renderSanPedroBay,
  RESEARCH_SNAPSHOT,
  resourcePath,
} from '../../datasets/san-pedro-bay/build/from-research.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { RESOURCE_KINDS, RESOURCE_NAMES, resourceFields, type ResourceName } from '../../src/schema/resources.ts';

/**
 * The research the dataset is checked against: SPB_RESEARCH_DIR, else the shared research collection beside
 * the repository, else (in a clean clone elsewhere) the snapshot the build keeps in build/research/. When the
 * shared collection is present, the determinism test also proves the snapshot equals it.
 */
const RESEARCH_DIR =
  process.env.SPB_RESEARCH_DIR ?? (existsSync(join(DEFAULT_RESEARCH_DIR, 'sources.csv')) ? DEFAULT_RESEARCH_DIR : join(DATASET_DIR, RESEARCH_SNAPSHOT));

type Row = Record<string, string>;

function readCsv(path: string): Row[] {
  return parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
}
const data = (name: ResourceName) => readCsv(join(DATASET_DIR, resourcePath(name)));
const research = (file: string) => readCsv(join(RESEARCH_DIR, file));
/** Source refs compared as sets (the research spaces a few `a ; b`). */
const refs = (value: string) =>
  value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .sort()
    .join(';');
const show = (row: Row) => JSON.stringify(row);

const FIGURE_FILES = ['emissions_totals.csv', 'emissions_by_source.csv', 'program_emission_reductions.csv', 'percent_changes.csv'];
const figures = (): Row[] => FIGURE_FILES.flatMap((file) => research(file).map((row): Row => ({ ...row, file })));

describe('san-pedro-bay dataset: provenance (nothing invented, nothing rounded)', () => {
  it('every emissions value is in a research row with the same port, year, category, pollutant and source', () => {
    const candidates = figures();
    const rows = data('emissions');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const match = candidates.find(
        (r) =>
          r.port === row.port &&
          r.year === row.year &&
          r.source_category === row.source_category &&
          r.pollutant === row.pollutant &&
          r.value === row.value &&
          refs(r.source_ref!) === refs(row.source_ref!),
      );
      expect(match, show(row)).toBeDefined();
      // The unit is the research's, without its qualifier words.
      const expectedUnit = match!.unit!.startsWith('tons_per_year') ? 'ton_per_year' : match!.unit!.startsWith('pounds') ? 'pound' : 'ton';
      expect(row.unit, show(row)).toBe(expectedUnit);
      expect(match!.file, show(row)).not.toBe('percent_changes.csv');
    }
  });

  it('every indicator value is in a research row with the same port, year, category, pollutant and source', () => {
    const candidates = figures().filter((r) => r.unit!.startsWith('pct_'));
    for (const row of data('indicators')) {
      const match = candidates.find(
        (r) =>
          r.port === row.port &&
          (r.year === row.year || (r.year!.startsWith(`${row.year}_vs_`) && row.note!.includes(`research year: ${r.year}`))) &&
          r.source_category === row.source_category &&
          r.pollutant === row.pollutant &&
          r.value === row.value &&
          refs(r.source_ref!) === refs(row.source_ref!),
      );
      expect(match, show(row)).toBeDefined();
      expect(row.unit).toBe('percent');
    }
  });

  it('every throughput value is a container TEU row of throughput.csv, with its precision text as note', () => {
    const candidates = research('throughput.csv');
    for (const row of data('throughput')) {
      const match = candidates.find(
        (r) => r.port === row.port && r.year === row.year && r.value === row.teu && refs(r.source_ref!) === refs(row.source_ref!) && r.precision === row.note,
      );
      expect(match, show(row)).toBeDefined();
      expect(match!.metric).toBe(row.period === 'jan_nov' ? 'container_throughput_jan_nov' : 'container_throughput');
    }
  });

  it('every target value is published in its targets.csv row (value, range, or a conflicting value its note states)', () => {
    const candidates = research('targets.csv');
    for (const row of data('targets')) {
      const match = candidates.find((r) => r.target_id === row.target_id || r.target_id === row.conflict_group);
      expect(match, show(row)).toBeDefined();
      const r = match!;
      for (const ref of row.source_ref!.split(';')) expect(refs(r.source_ref!).split(';'), show(row)).toContain(ref);
      const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(r.value!);
      if (range) expect([row.value, row.value_max], show(row)).toEqual([range[1], range[2]]);
      else if (row.conflict_group) expect(row.value === r.value || r.status_note!.includes(`${row.value}%`), show(row)).toBe(true);
      else expect([row.value, row.value_max], show(row)).toEqual([r.value, '']);
      expect(row.target_year === r.target_year || (row.target_year === '' && row.period === r.target_year), show(row)).toBe(true);
      expect(row.note!.startsWith(r.status_note!), show(row)).toBe(true);
    }
  });

  it('every regional value is in its regional_context.csv row, year or period and note verbatim', () => {
    const candidates = research('regional_context.csv');
    for (const row of data('regional')) {
      const match = candidates.find(
        (r) =>
          r.region === row.region &&
          r.item === row.item &&
          r.value === row.value &&
          r.note === row.note &&
          (r.year === row.year || (row.year === '' && r.year === row.period)) &&
          refs(r.source_ref!) === refs(row.source_ref!),
      );
      expect(match, show(row)).toBeDefined();
    }
  });

  it('every milestone is a milestones.csv row with the same date, categories and sources', () => {
    const candidates = research('milestones.csv');
    const rows = data('milestones');
    expect(rows.length).toBe(candidates.length);
    for (const row of rows) {
      const r = candidates.find((c) => c.milestone_id === row.milestone_id);
      expect(r, show(row)).toBeDefined();
      expect([row.date, row.source_categories, row.detail, refs(row.source_ref!)]).toEqual([r!.date, r!.source_categories, r!.detail, refs(r!.source_ref!)]);
    }
  });

  it('every research row is either in the dataset or listed as not included', () => {
    const notIncluded = readCsv(join(DATASET_DIR, NOT_INCLUDED_FILE));
    const left = (files: string[]) => notIncluded.filter((n) => files.includes(n.file!)).length;
    const figureRows = FIGURE_FILES.reduce((acc, file) => acc + research(file).length, 0);
    expect(data('emissions').length + data('indicators').length + left(FIGURE_FILES)).toBe(figureRows);
    expect(data('throughput').length + left(['throughput.csv'])).toBe(research('throughput.csv').length);
    expect(data('regional').length + left(['regional_context.csv'])).toBe(research('regional_context.csv').length);
    const targets = data('targets');
    const variants = targets.filter((t) => t.conflict_group).length - new Set(targets.map((t) => t.conflict_group).filter((g) => g)).size;
    expect(targets.length - variants).toBe(research('targets.csv').length);
    expect(data('sources').length).toBe(research('sources.csv').length);
    // Each listed row is a research row, verbatim, with a reason.
    for (const n of notIncluded) {
      const lines = readFileSync(join(RESEARCH_DIR, n.file!), 'utf8').split('\n');
      expect(lines[Number(n.line) - 1], show(n)).toBe(n.row);
      expect(n.reason).not.toBe('');
    }
  });

  it('no derived (grade D) research file is copied', () => {
    const snapshot = readdirSync(join(DATASET_DIR, RESEARCH_SNAPSHOT));
    expect(snapshot.filter((f) => f.startsWith('derived_'))).toEqual([]);
    expect(data('sources').filter((s) => s.confidence === 'D')).toEqual([]);
  });
});

describe('san-pedro-bay dataset: citations', () => {
  it('every source_ref of every resource resolves in sources.csv', () => {
    const known = new Set(data('sources').map((s) => s.source_ref));
    for (const name of RESOURCE_NAMES) {
      if (name === 'sources' || !resourceFields(name).includes('source_ref')) continue;
      for (const row of data(name)) {
        const list = row.source_ref!.split(';');
        expect(list.length, `${name}: ${show(row)}`).toBeGreaterThan(0);
        for (const ref of list) expect(known.has(ref), `${name}: ${ref}`).toBe(true);
      }
    }
  });

  it('grades follow the rule: explicit letter wins (the lower of two), else A table, B port or regulator, C the rest', () => {
    expect(confidenceGrade('B/C (verbatim port release)', 'trade press reproducing port release', '')).toBe('C');
    expect(confidenceGrade('C- (secondary)', 'blog reprint', '')).toBe('C');
    expect(confidenceGrade('B for the figures; the inventory year is not stated ... (D)', 'port press release', '')).toBe('B');
    expect(confidenceGrade('high (table values)', 'official open-data table (POLA/City of LA)', '')).toBe('A');
    expect(confidenceGrade('high', 'port statistics page', '')).toBe('A');
    expect(confidenceGrade('high', 'port publication', 'excerpt of the published page (table of % and tons reduced)')).toBe('A');
    expect(confidenceGrade('medium-high', 'port press release', '')).toBe('B');
    expect(confidenceGrade('n/a (tables not retrieved)', 'federal agency report', '')).toBe('B');
    expect(confidenceGrade('medium-high (PRELIMINARY inventory)', 'air district presentation (mirror)', '')).toBe('B');
    expect(confidenceGrade('high', 'trade press reproducing port release', '')).toBe('C');
    expect(confidenceGrade('medium-high', 'another port authority', '')).toBe('C');
    expect(() => confidenceGrade('D', 'newspaper', '')).toThrow(/D is only for derived/);
    const research = new Map(readCsv(join(RESEARCH_DIR, 'sources.csv')).map((r) => [r.source_ref, r]));
    for (const source of data('sources')) {
      const r = research.get(source.source_ref!)!;
      expect(source.confidence_note).toBe(r.confidence);
      expect(source.confidence).toBe(confidenceGrade(r.confidence!, r.publisher_type!, r.evidence!));
    }
  });
});

describe('san-pedro-bay dataset: descriptor and files', () => {
  const descriptor = JSON.parse(readFileSync(join(DATASET_DIR, 'datapackage.json'), 'utf8')) as {
    name: string;
    licenses: unknown[];
    sources: unknown[];
    resources: { name: string; path: string; format: string; encoding: string; description: string; schema: { fields: { name: string; type: string }[]; primaryKey: string[] } }[];
  };

  it('declares one resource per resource kind, in order, with fields = resourceFields = the CSV header, and the key', () => {
    expect(descriptor.name).toBe('san-pedro-bay');
    expect(descriptor.licenses.length).toBeGreaterThan(0);
    expect(descriptor.sources.length).toBeGreaterThan(0);
    expect(descriptor.resources.map((r) => r.name)).toEqual(RESOURCE_NAMES);
    for (const resource of descriptor.resources) {
      const name = resource.name as ResourceName;
      const fields = resourceFields(name);
      expect(resource.schema.fields.map((f) => f.name), name).toEqual(fields);
      expect(resource.schema.primaryKey, name).toEqual([...RESOURCE_KINDS[name].key]);
      expect(resource.path).toMatch(/^(codelists|data)\/[a-z_]+\.csv$/);
      expect([resource.format, resource.encoding]).toEqual(['csv', 'utf-8']);
      expect(resource.description.length).toBeGreaterThan(0);
      const text = readFileSync(join(DATASET_DIR, resource.path), 'utf8');
      expect(text.split('\n')[0], name).toBe(fields.join(','));
      expect(text.includes('\r'), `${name} has CR`).toBe(false);
      expect(text.charCodeAt(0), `${name} has a BOM`).not.toBe(0xfeff);
      expect(text.endsWith('\n')).toBe(true);
    }
  });
});

describe('san-pedro-bay dataset: the build', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'spb-build-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reproduces the committed files byte for byte, and leaves no stale file', () => {
    const build = buildSanPedroBay(RESEARCH_DIR, tmp);
    for (const [file, bytes] of build.files) {
      const committed = join(DATASET_DIR, file);
      expect(existsSync(committed), `${file} is not committed; run the build`).toBe(true);
      expect(readFileSync(join(tmp, file)).equals(bytes)).toBe(true);
      expect(readFileSync(committed).equals(bytes), `${file} differs from a fresh build; run npx tsx datasets/san-pedro-bay/build/from-research.ts`).toBe(true);
    }
    for (const dir of ['codelists', 'data', RESEARCH_SNAPSHOT]) {
      const committed = readdirSync(join(DATASET_DIR, dir)).map((f) => `${dir}/${f}`).sort();
      const built = [...build.files.keys()].filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')).sort();
      expect(committed, dir).toEqual(built);
    }
  });

  it('is deterministic: two renders are identical', () => {
    const a = renderSanPedroBay(RESEARCH_DIR);
    const b = renderSanPedroBay(RESEARCH_DIR);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [file, bytes] of a.files) expect(b.files.get(file)!.equals(bytes), file).toBe(true);
  });
});

describe('san-pedro-bay dataset: headline figures', () => {
  it('POLA 2024: DPM -90%, SOx -98%, NOx -73% vs CAAP_2005 (POLA Cooperative Agreement release)', () => {
    const rows = data('indicators').filter(
      (r) => r.port === 'POLA' && r.year === '2024' && r.source_category === 'all' && r.relative_to === 'CAAP_2005' && r.metric === 'absolute' && r.source_ref === 'POLA_PR_2025_11_COOP_AGREEMENT',
    );
    expect(Object.fromEntries(rows.map((r) => [r.pollutant, r.value]))).toEqual({ DPM: '-90', SOx: '-98', NOx: '-73' });
  });

  it('OGV 2030 NOx projection: 32.6 tons per day', () => {
    const row = data('regional').find((r) => r.region === 'South Coast Air Basin ocean-going vessels' && r.year === '2030' && r.pollutant === 'NOx' && r.unit === 'ton_per_day');
    expect(row?.value).toBe('32.6');
    expect(row?.basis).toBe('projection');
    expect(row?.source_ref).toBe('AQMD_BOARD_2024_09_06_AGENDA3');
  });

  it('Cooperative Agreement phases 1-3 due 2027-12-31, 2028-12-31, 2029-12-31', () => {
    const phases = data('milestones')
      .filter((m) => m.phase !== '')
      .map((m) => [m.phase, m.date, m.date_precision]);
    expect(phases).toEqual([
      ['1', '2027-12-31', 'day'],
      ['2', '2028-12-31', 'day'],
      ['3', '2029-12-31', 'day'],
    ]);
  });

  it('SOx 2023 standard: 93%, 92% and 96% kept side by side in one conflict group', () => {
    const rows = data('targets').filter((t) => t.conflict_group === 'SPBS_2023_SOx');
    expect(rows.map((t) => [t.target_id, t.value, t.source_ref])).toEqual([
      ['SPBS_2023_SOx', '93', 'PMM_2016_08_POLA2015;PMM_2014_09_POLB2013;PORTSEATTLE_NWPCAS'],
      ['SPBS_2023_SOx_92', '92', 'CAAP_ORG_STANDARDS_DRAFT'],
      ['SPBS_2023_SOx_96', '96', 'TRANSPTODAY_CAAP2017'],
    ]);
  });
});

describe('san-pedro-bay dataset: the loader', () => {
  it("loadDataset('datasets/san-pedro-bay') succeeds", async () => {
    const dataset = await loadDataset(DATASET_DIR);
    expect(dataset.name).toBe('san-pedro-bay');
    expect(dataset.records.emissions.length).toBe(data('emissions').length);
    expect(dataset.records.indicators.length).toBe(data('indicators').length);
    expect(dataset.codelists.ports.get('SPB_combined')?.members).toEqual(['POLA', 'POLB']);
  });
});
