/**
 * Builds the embedded San Pedro Bay dataset (a Frictionless Data Package) from the research collection.
 *
 *   npx tsx datasets/san-pedro-bay/build/from-research.ts [RESEARCH_DIR] [OUT_DIR]
 *
 * RESEARCH_DIR defaults to `../shared/research` beside the repository; OUT_DIR to `datasets/san-pedro-bay`.
 * Every value is copied as the research spells it (never rounded, never completed); every row is validated
 * with the zod schemas of src/schema and checked against the codelists before anything is written. The
 * research files read are copied to `build/research/` so the dataset can be rebuilt from a clean clone, and
 * every research row left out is listed with its reason in `build/not-included.csv`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { PortEmissionsError } from '../../../src/errors.ts';
import { usualAliases } from '../../../src/ingest/init.ts';
import { RESOURCE_KINDS, RESOURCE_NAMES, resourceFields, type CodelistName, type ResourceName } from '../../../src/schema/resources.ts';

/** The repository root (this file lives in datasets/san-pedro-bay/build/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the dataset lives in the repository. */
export const DATASET_DIR = join(REPO_ROOT, 'datasets', 'san-pedro-bay');
/** The research collection the dataset is built from, by default. */
export const DEFAULT_RESEARCH_DIR = resolve(REPO_ROOT, '..', 'shared', 'research');
/** The copy of the research inputs kept with the dataset (relative to the dataset folder). */
export const RESEARCH_SNAPSHOT = 'build/research';
/** The list of research rows not included (relative to the dataset folder). */
export const NOT_INCLUDED_FILE = 'build/not-included.csv';

/** Research files the build reads, with the header each must have. derived_*.csv are never read (grade D). */
const RESEARCH_FILES = {
  'sources.csv': ['source_ref', 'title', 'url', 'publisher_type', 'evidence', 'confidence'],
  'emissions_totals.csv': ['port', 'year', 'source_category', 'pollutant', 'value', 'unit', 'source_ref'],
  'emissions_by_source.csv': ['port', 'year', 'source_category', 'pollutant', 'value', 'unit', 'source_ref'],
  'percent_changes.csv': ['port', 'year', 'source_category', 'pollutant', 'value', 'unit', 'source_ref'],
  'program_emission_reductions.csv': ['port', 'year', 'source_category', 'pollutant', 'value', 'unit', 'source_ref'],
  'throughput.csv': ['port', 'year', 'metric', 'value', 'unit', 'precision', 'source_ref'],
  'targets.csv': ['target_id', 'scope', 'pollutant_or_item', 'target_year', 'baseline', 'value', 'unit', 'status_note', 'source_ref'],
  'regional_context.csv': ['region', 'year', 'item', 'value', 'unit', 'note', 'source_ref'],
  'milestones.csv': ['milestone_id', 'agreement', 'date', 'kind', 'scope', 'source_categories', 'detail', 'source_ref'],
} as const;
type ResearchFile = keyof typeof RESEARCH_FILES;
/** Copied into the snapshot for the reader, not parsed. */
const RESEARCH_DOCS = ['README.md'] as const;

type Cells = Record<string, string>;

/** One research row: its cells, file, line (header = 1) and raw text. */
interface ResearchRow {
  file: ResearchFile;
  line: number;
  raw: string;
  cells: Cells;
}

/** A research row left out, and why. */
export interface NotIncluded {
  file: string;
  line: number;
  reason: string;
  row: string;
}

/** What a build produced: file contents by path relative to the dataset folder, rows per resource, exclusions. */
export interface SanPedroBayBuild {
  files: Map<string, Buffer>;
  rows: Record<ResourceName, number>;
  notIncluded: NotIncluded[];
}

// ---------------------------------------------------------------------------------------------------------
// Codelists and named entities declared by this dataset (the research names them; labels are for people).

const PORTS: Cells[] = [
  { code: 'POLA', label: 'Port of Los Angeles', kind: 'port', members: '', note: '' },
  { code: 'POLB', label: 'Port of Long Beach', kind: 'port', members: '', note: '' },
  { code: 'SPB_combined', label: 'San Pedro Bay ports combined (Los Angeles + Long Beach)', kind: 'combined', members: 'POLA;POLB', note: 'figures published for both ports together' },
];

const SOURCE_CATEGORIES: Cells[] = [
  { code: 'all', label: 'All port-related sources', parent: '', note: 'port-wide total' },
  { code: 'ocean_going_vessels', label: 'Ocean-going vessels', parent: '', note: '' },
  { code: 'harbor_craft', label: 'Harbor craft', parent: '', note: '' },
  { code: 'cargo_handling_equipment', label: 'Cargo-handling equipment', parent: '', note: '' },
  { code: 'locomotives', label: 'Locomotives (rail)', parent: '', note: '' },
  { code: 'heavy_duty_vehicles', label: 'Heavy-duty vehicles (trucks)', parent: '', note: '' },
  { code: 'locomotives_switchers_PHL', label: 'Switcher locomotives (Pacific Harbor Line)', parent: 'locomotives', note: 'the port-area switching railroad fleet named in the locomotive programme sources' },
  { code: 'ocean_going_vessels_at_berth_BP_tanker_shore_power', label: 'Ocean-going vessels at berth: BP tanker berth on shore power', parent: 'ocean_going_vessels', note: 'one berth (Port of Long Beach) named by a CAAP award' },
];

const POLLUTANTS: Cells[] = [
  { code: 'DPM', label: 'Diesel particulate matter', group: 'toxic', note: '' },
  { code: 'PM', label: 'Particulate matter (size not stated)', group: 'criteria', note: 'the source does not say PM10 or PM2.5' },
  { code: 'PM10', label: 'Particulate matter up to 10 micrometres (PM10)', group: 'criteria', note: '' },
  { code: 'PM2.5', label: 'Fine particulate matter up to 2.5 micrometres (PM2.5)', group: 'criteria', note: '' },
  { code: 'NOx', label: 'Nitrogen oxides', group: 'criteria', note: '' },
  { code: 'SOx', label: 'Sulfur oxides', group: 'criteria', note: '' },
  { code: 'CO', label: 'Carbon monoxide', group: 'criteria', note: '' },
  { code: 'HC', label: 'Hydrocarbons', group: 'criteria', note: '' },
  { code: 'VOC', label: 'Volatile organic compounds', group: 'criteria', note: 'regional (air basin) inventories' },
  { code: 'CO2', label: 'Carbon dioxide', group: 'ghg', note: '' },
  { code: 'GHG', label: 'Greenhouse gases (as the source reports them)', group: 'ghg', note: 'the sources do not always say which gases or whether CO2-equivalent' },
  { code: 'GHG_CO2e', label: 'Greenhouse gases as CO2-equivalent', group: 'ghg', note: '' },
  { code: 'all_pollutants_total', label: 'All pollutants, total (as reported)', group: 'aggregate', note: 'an aggregate the source reports; not a sum the tool can recompute' },
  { code: 'all_pollutants', label: 'All pollutants (as reported)', group: 'aggregate', note: 'an aggregate the source reports; not a sum the tool can recompute' },
  { code: 'all_pollutants_overall', label: 'All pollutants, overall (as reported)', group: 'aggregate', note: 'an aggregate the source reports; not a sum the tool can recompute' },
  { code: 'all_emissions_rate', label: 'All emissions, as an emission rate (as reported)', group: 'aggregate', note: 'truck fleet emission rate, not a tonnage' },
  { code: 'all_criteria_pollutants', label: 'All criteria pollutants (as reported)', group: 'aggregate', note: 'used only by research rows not included (no four-digit year)' },
  { code: 'smog_forming_pollutants', label: 'Smog-forming pollutants (as reported)', group: 'aggregate', note: 'used only by research rows not included (no four-digit year)' },
];

const UNITS: Cells[] = [
  { code: 'ton_per_year', label: 'tons per year', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'year', note: "sources say TPY or tons without stating short or metric tons" },
  { code: 'ton_per_day', label: 'tons per day', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'day', note: 'planning inventories (average or summer planning day); short or metric not stated' },
  { code: 'ton', label: 'tons', quantity: 'mass', mass: 'ton_unspecified', per: '', note: 'a one-off total such as tons reduced or prevented over the period the figure names; short or metric not stated' },
  { code: 'pound', label: 'pounds', quantity: 'mass', mass: 'pound', per: '', note: '' },
  { code: 'percent', label: 'percent', quantity: 'percent', mass: '', per: '', note: 'percent changes: negative = reduction' },
  { code: 'TEU', label: 'twenty-foot equivalent units', quantity: 'teu', mass: '', per: '', note: 'container throughput' },
  { code: 'count', label: 'count', quantity: 'count', mass: '', per: '', note: '' },
  { code: 'billion_usd', label: 'billion US dollars', quantity: 'currency', mass: '', per: '', note: 'nominal dollars as published' },
];

/** One release per publication that provides tonnages, or that the headline indicators name. */
const RELEASES: Cells[] = [
  {
    release_id: 'LACITY_OPENDATA_2005_2012',
    label: 'Port of Los Angeles emissions from port operations 2005-2012: City of Los Angeles open-data table (data.lacity.org 2t3h-my34), as reproduced by axibase',
    port: 'POLA',
    published: '',
    note: "values labelled TPY (short or metric not stated); the inventory edition the table's years come from is not stated",
    source_ref: 'LACITY_2T3H_MY34_via_AXIBASE',
  },
  {
    release_id: 'POLA_REPORT_CARD_2005_2012',
    label: "Port of Los Angeles 'Report Card 2005-2012 Air Quality', LA Waterfront Magazine Fall 2013, p.6",
    port: 'POLA',
    published: '2013',
    note: 'percent changes and tons reduced, calendar years 2005-2012',
    source_ref: 'POLA_LAWATERFRONT_FALL2013_P6',
  },
  {
    release_id: 'POLB_EI_2007_PRESSTELEGRAM',
    label: 'Port of Long Beach 2007 emissions inventory, as reported in the Long Beach Press-Telegram (Jan 14 2009)',
    port: 'POLB',
    published: '2009-01-14',
    note: 'press report of the inventory, not the inventory document',
    source_ref: 'PRESSTELEGRAM_2009_01_14',
  },
  {
    release_id: 'POLB_EI_2010_PRESSTELEGRAM',
    label: 'Port of Long Beach 2010 emissions inventory, as reported in the Press-Telegram (Aug 1 2011)',
    port: 'POLB',
    published: '2011-08-01',
    note: 'press report of the inventory, not the inventory document',
    source_ref: 'PT_2011_08_01_POLB2010',
  },
  {
    release_id: 'POLB_EI_2018_MARPRO',
    label: 'Port of Long Beach 2018 emissions inventory by source category, as reported in Maritime Professional (Sept 2019, p.43)',
    port: 'POLB',
    published: '2019-09',
    note: 'magazine report of the inventory; its 2005 values are the 2018 edition\'s restatement of 2005',
    source_ref: 'MARPRO_2019_09_P43',
  },
  {
    release_id: 'POLA_VSR_2008_PR',
    label: 'Port of Los Angeles Vessel Speed Reduction Program results for 2008, as stated in the POLA press release of May 8 2009',
    port: 'POLA',
    published: '2009-05-08',
    note: 'programme reductions, not an inventory',
    source_ref: 'POLA_PR_2009_05_08_VSR',
  },
  {
    release_id: 'POLA_VSR_2011_CLEARTHEAIR',
    label: 'Port of Los Angeles Vessel Speed Reduction Program results for 2011, as reported in the Clear The Air blog (May 18 2012) quoting a POLA release',
    port: 'POLA',
    published: '2012-05-18',
    note: "programme reductions, not an inventory; the blog writes 'tonnes'",
    source_ref: 'CLEARTHEAIR_2012_05_18_POLA_VSR',
  },
  {
    release_id: 'POLA_VSR_2022_MARINELINK',
    label: 'Port of Los Angeles Vessel Speed Reduction Program results for 2022, as reported in Marine Link (Aug 24 2023) reproducing the port release',
    port: 'POLA',
    published: '2023-08-24',
    note: 'programme reductions, not an inventory',
    source_ref: 'MARINELINK_2023_08_24_POLA_VSR',
  },
  {
    release_id: 'POLB_GREENFLAG_2008_SIGTRIB',
    label: 'Port of Long Beach Green Flag Program results for 2008, as printed in the Signal Tribune (May 2009) from a port release',
    port: 'POLB',
    published: '2009-05',
    note: 'programme reductions, not an inventory',
    source_ref: 'SIGTRIB_2009_05_POLB_GREENFLAG',
  },
  {
    release_id: 'POLB_SHORE_POWER_BP_2011_CAVOTEC',
    label: 'Port of Long Beach BP tanker berth shore power reductions in 2011, as quoted in a Cavotec blog post on the CAAP Awards',
    port: 'POLB',
    published: '',
    note: 'programme reductions, not an inventory; publication date not stated',
    source_ref: 'CAVOTEC_BLOG_CAAP_AWARDS',
  },
  {
    release_id: 'POLA_COOP_AGREEMENT_2025_11',
    label: 'Port of Los Angeles news release on the Cooperative Agreement with South Coast AQMD and the Port of Long Beach (November 2025): reductions since the 2006 CAAP',
    port: 'POLA',
    published: '2025-11',
    note: 'the release does not state the inventory year; the research takes 2024, the latest inventory published by November 2025',
    source_ref: 'POLA_PR_2025_11_COOP_AGREEMENT',
  },
];

/** The normalisations the figures name: per 10,000 TEU (container throughput), the dataset's default. */
const NORMALISATIONS: Cells[] = [
  { code: 'per_10000_teu', label: 'per 10,000 TEU', measure: 'TEU', per: '10000', note: 'tons per 10,000 twenty-foot equivalent units of container throughput' },
];

const BASELINES: Cells[] = [
  {
    baseline_id: 'CAAP_2005',
    label: 'CAAP 2005 baseline',
    port: 'all',
    year: '2005',
    programme: 'San Pedro Bay Standards (2010 CAAP Update)',
    note: "the baseline of the San Pedro Bay Standards and of the ports' '% vs 2005' figures; each annual inventory restates 2005 with its own methods",
    source_ref: 'CAAP_ORG_STANDARDS_DRAFT;TRUCKINGINFO_POLA2009;PMM_2014_09_POLB2013',
  },
  {
    baseline_id: 'CAAP_2001',
    label: 'CAAP 2001 baseline (Port of Los Angeles)',
    port: 'POLA',
    year: '2001',
    programme: '2006 Clean Air Action Plan (as used in the Port of Los Angeles release on its 2005 inventory)',
    note: "POLA's release on its 2005 inventory (Sept 2007) states changes against 2001",
    source_ref: 'POLA_PR_2007_09_06',
  },
  {
    baseline_id: 'GHG_1990',
    label: '1990 greenhouse-gas baseline',
    port: 'all',
    year: '1990',
    programme: '2017 CAAP Update (greenhouse-gas targets)',
    note: '',
    source_ref: 'TRANSPTODAY_CAAP2017;PORTSEATTLE_NWPCAS',
  },
  {
    baseline_id: 'RULE4001_2008',
    label: 'Proposed Rule 4001 2008 baseline',
    port: 'all',
    year: '2008',
    programme: 'South Coast AQMD Proposed Rule 4001 (2012 AQMP)',
    note: 'proposed rule; the research did not verify whether it was adopted',
    source_ref: 'TRINITY_RULE4001',
  },
];

/** Research baseline year of targets.csv -> baseline id. */
const TARGET_BASELINES: Record<string, string> = { '2005': 'CAAP_2005', '1990': 'GHG_1990', '2008': 'RULE4001_2008' };

/** Programme of each target, by target_id prefix (first match wins), and whether it is a plan of both ports. */
const TARGET_PROGRAMMES: { prefix: string; programme: string; bothPorts: boolean }[] = [
  { prefix: 'SPBS_HEALTH_RISK', programme: 'San Pedro Bay Standards (2010 CAAP Update): Health Risk Reduction Standard', bothPorts: true },
  { prefix: 'SPBS_', programme: 'San Pedro Bay Standards (2010 CAAP Update)', bothPorts: true },
  { prefix: 'CAAP2017_', programme: '2017 CAAP Update', bothPorts: true },
  { prefix: 'CAAP2006_', programme: '2006 Clean Air Action Plan', bothPorts: true },
  { prefix: 'SCAQMD_PR4001', programme: 'South Coast AQMD Proposed Rule 4001 (2012 AQMP)', bothPorts: false },
  { prefix: 'SCAQMD_2022AQMP', programme: 'South Coast AQMD 2022 Air Quality Management Plan', bothPorts: false },
  { prefix: 'CARB_ATBERTH', programme: 'California Air Resources Board At-Berth Regulation', bothPorts: false },
];

/**
 * Published values of one target that disagree: each becomes its own row, sharing the conflict group, with
 * the sources that state that value (read from the research's status note and the sources' own notes).
 */
const TARGET_CONFLICTS: Record<string, { target_id: string; value: string; source_ref: string[] }[]> = {
  SPBS_2023_SOx: [
    { target_id: 'SPBS_2023_SOx', value: '93', source_ref: ['PMM_2016_08_POLA2015', 'PMM_2014_09_POLB2013', 'PORTSEATTLE_NWPCAS'] },
    { target_id: 'SPBS_2023_SOx_92', value: '92', source_ref: ['CAAP_ORG_STANDARDS_DRAFT'] },
    { target_id: 'SPBS_2023_SOx_96', value: '96', source_ref: ['TRANSPTODAY_CAAP2017'] },
  ],
};

/** Target item -> pollutant code where the item is a pollutant tonnage described in words. */
const TARGET_ITEM_POLLUTANTS: Record<string, string> = { 'particulate emissions': 'PM' };

/** Notes the research gives about one source's figures (from sources.csv), carried onto those indicators. */
const INDICATOR_NOTES: Record<string, string> = {
  POLA_PR_2025_11_COOP_AGREEMENT:
    "the release says 'since then [the 2006 CAAP]' without an inventory year; 2024 is the research's inference (the latest inventory published by November 2025)",
  POLA_PR_2024_10_04: "percent derived by the research from the release's quote 'down to the last 9% of DPM and last 2% of SOx'",
};

/** Research percent-change units -> what the percent is of and relative to. */
const PCT_UNITS: Record<string, { relative_to: string; metric: string; qualifier: string }> = {
  pct_change_vs_2005: { relative_to: 'CAAP_2005', metric: 'absolute', qualifier: '' },
  pct_change_per_10000TEU_vs_2005: { relative_to: 'CAAP_2005', metric: 'per_10000_teu', qualifier: '' },
  pct_change_vs_2001: { relative_to: 'CAAP_2001', metric: 'absolute', qualifier: '' },
  pct_change_per_10000TEU_vs_2001: { relative_to: 'CAAP_2001', metric: 'per_10000_teu', qualifier: '' },
  pct_change_vs_prior_year: { relative_to: 'prior_year', metric: 'absolute', qualifier: '' },
  pct_change_vs_2017: { relative_to: '2017', metric: 'absolute', qualifier: '' },
  pct_change_per_container_vs_2005: { relative_to: 'CAAP_2005', metric: 'per_container', qualifier: '' },
  pct_change_baseline_ambiguous: { relative_to: 'unstated', metric: 'absolute', qualifier: '' },
  pct_change_vs_2005_approx: { relative_to: 'CAAP_2005', metric: 'absolute', qualifier: 'approximate' },
  pct_change_vs_2007_fleet_average: { relative_to: '2007', metric: 'fleet_emission_rate', qualifier: '' },
};

/** Research throughput metrics kept (container TEU) -> the period they cover. */
const THROUGHPUT_METRICS: Record<string, string> = { container_throughput: 'calendar_year', container_throughput_jan_nov: 'jan_nov' };

// ---------------------------------------------------------------------------------------------------------
// Rules

const FOUR_DIGIT_YEAR = /^\d{4}$/;

function fail(message: string, row?: ResearchRow, hint?: string): never {
  throw new PortEmissionsError(message, {
    ...(row ? { location: { file: row.file, line: row.line } } : {}),
    ...(hint ? { hint } : {}),
  });
}

/** `a ; b` -> `a;b` (the research separates a few references with spaces). */
function normalizeRefs(refs: string): string {
  return refs
    .split(';')
    .map((ref) => ref.trim())
    .filter((ref) => ref !== '')
    .join(';');
}

/** A research row's own text, for the not-included list. */
function rawText(row: ResearchRow): string {
  return row.raw.replace(/\r?\n$/, '');
}

/**
 * The A-D grade of a cited source. An explicit letter at the start of the research's confidence wins
 * (`B/C` -> the lower, C; `C-` -> C). Otherwise: A for a value read in a published table or open-data file
 * (an open-data table, a port statistics page, or the port's own publication whose evidence is a table and
 * whose confidence is high); B for the port's or regulator's own release or page (publisher type starting
 * with `port ` or `ports' `, an air district, a regulator, a federal agency); C for press and everything
 * else. D is for derived figures and is never given to a cited source.
 */
export function confidenceGrade(confidence: string, publisherType: string, evidence: string): 'A' | 'B' | 'C' {
  const explicit = /^([A-D])(?:\/([A-D]))?[-+]?(?![A-Za-z])/.exec(confidence.trim());
  if (explicit) {
    const grades = [explicit[1]!, explicit[2] ?? explicit[1]!].sort();
    const lower = grades[grades.length - 1]!;
    if (lower === 'D') fail(`confidence '${confidence}' grades a cited source D; D is only for derived figures`);
    return lower as 'A' | 'B' | 'C';
  }
  const type = publisherType.trim().toLowerCase();
  const high = /^high\b/i.test(confidence.trim());
  if (/open-data table|statistics page/.test(type)) return 'A';
  if (type === 'port publication' && high && /\btable\b/i.test(evidence)) return 'A';
  if (/^(port |ports' )/.test(type) || /air district|regulator|federal agency/.test(type)) return 'B';
  return 'C';
}

/** Mass unit and qualifier of a research tonnage unit (`tons_per_year_lower_bound`, `pounds_reduced`...). */
function massUnit(unit: string, row: ResearchRow): { unit: string; qualifier: string } {
  let code: string;
  if (unit.startsWith('tons_per_year')) code = 'ton_per_year';
  else if (unit.startsWith('tons_per_day')) code = 'ton_per_day';
  else if (unit.startsWith('tons_')) code = 'ton';
  else if (unit.startsWith('pounds_')) code = 'pound';
  else fail(`unknown tonnage unit '${unit}'`, row);
  return { unit: code, qualifier: unitQualifier(unit) };
}

/** `_lower_bound` -> lower_bound, `_approx`/`_approximate` -> approximate, `_up_to` -> upper_bound. */
function unitQualifier(unit: string): string {
  if (/_lower_bound(_|$)/.test(unit)) return 'lower_bound';
  if (/_up_to(_|$)/.test(unit)) return 'upper_bound';
  if (/_approx(imate)?(_|$)/.test(unit)) return 'approximate';
  return '';
}

/** The programme a reported reduction belongs to, from the research unit or category. */
function reductionProgramme(row: ResearchRow): string {
  const { unit, source_category } = row.cells as { unit: string; source_category: string };
  if (/VSR/.test(unit)) return 'Vessel Speed Reduction (VSR) Program';
  if (/GreenFlag/.test(unit)) return 'Green Flag Program (vessel speed reduction incentive)';
  if (/shore_power/.test(source_category)) return 'shore power';
  if (/since_2005/.test(unit)) return 'Clean Air Action Plan (all measures, Report Card 2005-2012)';
  fail(`cannot tell which programme the reduction '${unit}' belongs to`, row);
}

function releaseFor(sourceRef: string, port: string): Cells | undefined {
  return RELEASES.find((release) => release.source_ref === sourceRef && release.port === port);
}

// ---------------------------------------------------------------------------------------------------------
// Mapping research files to resources

interface Research {
  rows: Record<ResearchFile, ResearchRow[]>;
  bytes: Map<string, Buffer>;
}

function readResearch(dir: string): Research {
  if (!existsSync(dir)) {
    fail(`research folder not found: ${dir}`, undefined, `pass it as the first argument, e.g. npx tsx datasets/san-pedro-bay/build/from-research.ts datasets/san-pedro-bay/${RESEARCH_SNAPSHOT}`);
  }
  const rows = {} as Record<ResearchFile, ResearchRow[]>;
  const bytes = new Map<string, Buffer>();
  for (const [file, header] of Object.entries(RESEARCH_FILES) as [ResearchFile, readonly string[]][]) {
    const buffer = readFileSync(join(dir, file));
    bytes.set(file, buffer);
    const records = parse(buffer, { bom: true, skip_empty_lines: true, info: true, raw: true, relax_column_count: false }) as unknown as {
      record: string[];
      raw: string;
      info: { lines: number };
    }[];
    const [first, ...rest] = records;
    if (!first || first.record.join(',') !== header.join(',')) {
      fail(`${file}: header is ${first?.record.join(',') ?? '(none)'}, the build expects ${header.join(',')}`, undefined, 'the research layout changed: update RESEARCH_FILES and the mapping');
    }
    rows[file] = rest.map(({ record, raw, info }) => {
      const cells: Cells = {};
      header.forEach((name, i) => (cells[name] = record[i]!));
      // info.lines is the last line of the record; a record's first line is what an analyst looks for.
      const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').split('\n').length - 1);
      return { file, line, raw: raw.replace(/^\n+/, ''), cells };
    });
  }
  for (const doc of RESEARCH_DOCS) {
    const path = join(dir, doc);
    if (existsSync(path)) bytes.set(doc, readFileSync(path));
  }
  return { rows, bytes };
}

interface Mapped {
  resources: Record<ResourceName, Cells[]>;
  notIncluded: NotIncluded[];
}

function mapResearch(research: Research): Mapped {
  const notIncluded: NotIncluded[] = [];
  const leaveOut = (row: ResearchRow, reason: string) => notIncluded.push({ file: row.file, line: row.line, reason, row: rawText(row) });
  const noYear = (row: ResearchRow) => leaveOut(row, `no four-digit year (the research gives '${row.cells.year}')`);

  const sources = research.rows['sources.csv'].map(({ cells }) => ({
    source_ref: cells.source_ref!,
    title: cells.title!,
    url: cells.url!,
    publisher_type: cells.publisher_type!,
    evidence: cells.evidence!,
    confidence: confidenceGrade(cells.confidence!, cells.publisher_type!, cells.evidence!),
    confidence_note: cells.confidence!,
  }));

  // emissions: port-wide and by-category tonnages, then programme reductions
  const emissions: Cells[] = [];
  const indicators: Cells[] = [];
  const inventoryRow = (row: ResearchRow) => {
    const c = row.cells;
    const { unit, qualifier } = massUnit(c.unit!, row);
    const release = releaseFor(c.source_ref!, c.port!);
    if (!release) fail(`no release declared for source ${c.source_ref} (port ${c.port})`, row, 'add the publication to RELEASES');
    emissions.push({
      port: c.port!,
      year: c.year!,
      source_category: c.source_category!,
      pollutant: c.pollutant!,
      metric: 'absolute',
      value: c.value!,
      unit,
      qualifier,
      release: release.release_id!,
      basis: 'inventory',
      baseline: '',
      note: c.unit === 'tons_per_year' ? '' : `research unit: ${c.unit}`,
      source_ref: normalizeRefs(c.source_ref!),
    });
  };
  const indicatorRow = (row: ResearchRow, year: string, mapping: { relative_to: string; metric: string; qualifier: string }, extraNote: string) => {
    const c = row.cells;
    const sourceRef = normalizeRefs(c.source_ref!);
    const notes = [extraNote, INDICATOR_NOTES[sourceRef] ?? ''];
    if (mapping.relative_to === 'unstated' || mapping.qualifier !== '') notes.unshift(`research unit: ${c.unit}`);
    indicators.push({
      port: c.port!,
      year,
      source_category: c.source_category!,
      pollutant: c.pollutant!,
      indicator: 'pct_change',
      metric: mapping.metric,
      relative_to: mapping.relative_to,
      value: c.value!,
      unit: 'percent',
      qualifier: mapping.qualifier,
      release: releaseFor(sourceRef, c.port!)?.release_id ?? '',
      note: notes.filter((n) => n !== '').join('; '),
      source_ref: sourceRef,
    });
  };
  const pctRow = (row: ResearchRow) => {
    const mapping = PCT_UNITS[row.cells.unit!];
    if (!mapping) fail(`unknown percent-change unit '${row.cells.unit}'`, row, `known: ${Object.keys(PCT_UNITS).join(', ')}`);
    if (!FOUR_DIGIT_YEAR.test(row.cells.year!)) return noYear(row);
    indicatorRow(row, row.cells.year!, mapping, '');
  };

  for (const row of research.rows['emissions_totals.csv']) {
    if (!FOUR_DIGIT_YEAR.test(row.cells.year!)) noYear(row);
    else inventoryRow(row);
  }
  for (const row of research.rows['emissions_by_source.csv']) {
    if (row.cells.unit!.startsWith('pct_')) pctRow(row);
    else if (!FOUR_DIGIT_YEAR.test(row.cells.year!)) noYear(row);
    else inventoryRow(row);
  }
  for (const row of research.rows['program_emission_reductions.csv']) {
    const c = row.cells;
    if (c.unit === 'pct_change_per_engine') {
      // "2011_vs_2006_engines": the 2011 locomotives compared, per engine, with the 2006 ones.
      const m = /^(\d{4})_vs_(\d{4})_engines$/.exec(c.year!);
      if (!m) {
        noYear(row);
        continue;
      }
      indicatorRow(row, m[1]!, { relative_to: m[2]!, metric: 'per_engine', qualifier: '' }, `research year: ${c.year}`);
      continue;
    }
    if (c.unit!.startsWith('pct_')) fail(`unexpected percent unit '${c.unit}' among programme reductions`, row);
    if (!FOUR_DIGIT_YEAR.test(c.year!)) {
      noYear(row);
      continue;
    }
    const { unit, qualifier } = massUnit(c.unit!, row);
    const release = releaseFor(c.source_ref!, c.port!);
    if (!release) fail(`no release declared for source ${c.source_ref} (port ${c.port})`, row, 'add the publication to RELEASES');
    const sinceBaseline = c.unit === 'tons_reduced_since_2005';
    emissions.push({
      port: c.port!,
      year: c.year!,
      source_category: c.source_category!,
      pollutant: c.pollutant!,
      metric: sinceBaseline ? 'reduction_since_baseline' : 'program_reduction',
      value: c.value!,
      unit,
      qualifier,
      release: release.release_id!,
      basis: 'program_reduction',
      baseline: sinceBaseline ? 'CAAP_2005' : '',
      note: `programme: ${reductionProgramme(row)}; research unit: ${c.unit}`,
      source_ref: normalizeRefs(c.source_ref!),
    });
  }
  for (const row of research.rows['percent_changes.csv']) pctRow(row);

  // throughput: container TEU only
  const throughput: Cells[] = [];
  for (const row of research.rows['throughput.csv']) {
    const c = row.cells;
    const period = THROUGHPUT_METRICS[c.metric!];
    if (!period) {
      leaveOut(row, `metric '${c.metric}' is not container throughput in TEU (the throughput resource holds TEU by port and year)`);
      continue;
    }
    if (c.unit !== 'TEU') fail(`throughput unit '${c.unit}', expected TEU`, row);
    if (!FOUR_DIGIT_YEAR.test(c.year!)) {
      noYear(row);
      continue;
    }
    const text = c.precision!;
    const partial = /partial year/i.test(text);
    if (partial !== (period === 'jan_nov')) fail(`precision '${text}' and metric '${c.metric}' disagree about a partial year`, row);
    let precision: string;
    if (partial) precision = 'partial_year';
    else if (/^exact/.test(text)) precision = 'exact';
    else if (/^rounded/.test(text)) precision = 'rounded';
    else if (/^DERIVED/.test(text)) precision = 'derived';
    else fail(`cannot read precision '${text}'`, row, 'expected text starting with exact, rounded or DERIVED');
    throughput.push({ port: c.port!, year: c.year!, teu: c.value!, precision, period, note: text, source_ref: normalizeRefs(c.source_ref!) });
  }

  // targets
  const targets: Cells[] = [];
  const pollutantCodes = new Set(POLLUTANTS.map((p) => p.code));
  for (const row of research.rows['targets.csv']) {
    const c = row.cells;
    const programme = TARGET_PROGRAMMES.find((p) => c.target_id!.startsWith(p.prefix));
    if (!programme) fail(`no programme declared for target ${c.target_id}`, row, 'add its prefix to TARGET_PROGRAMMES');
    const bothPorts = programme.bothPorts || (/\bPOLA\b/.test(c.scope!) && /\bPOLB\b/.test(c.scope!));
    const what = c.pollutant_or_item!;
    let pollutant = '';
    let item = what;
    if (pollutantCodes.has(what)) [pollutant, item] = [what, ''];
    else if (TARGET_ITEM_POLLUTANTS[what]) pollutant = TARGET_ITEM_POLLUTANTS[what]!;
    else {
      const lead = /^([A-Za-z0-9.]+) \(/.exec(what);
      if (lead && pollutantCodes.has(lead[1]!)) pollutant = lead[1]!;
    }
    const yearText = c.target_year!;
    const baselineText = c.baseline!;
    let baselineId = '';
    let kind: string;
    if (FOUR_DIGIT_YEAR.test(baselineText)) {
      baselineId = TARGET_BASELINES[baselineText] ?? fail(`no baseline declared for year ${baselineText}`, row);
      kind = 'reduction_vs_baseline';
    } else if (baselineText === 'projected no-plan') kind = 'reduction_vs_projection';
    else if (baselineText !== 'n/a') fail(`cannot read baseline '${baselineText}'`, row);
    else if (c.unit === 'pct_fleet_zero_emission') kind = 'fleet_share';
    else if (c.unit === 'pct_of_cargo') kind = 'mode_share';
    else if (c.unit === 'billion_USD') kind = 'cost';
    else if (c.unit === 'tons_per_day_max') kind = 'emissions_cap';
    else if (c.unit === 'pct_reduction_requirement' || (c.unit === '' && c.target_id!.startsWith('CARB_'))) kind = 'regulation';
    else fail(`cannot tell what kind of target unit '${c.unit}' is`, row);
    let unit = '';
    if (c.unit!.startsWith('pct_')) unit = 'percent';
    else if (c.unit === 'billion_USD') unit = 'billion_usd';
    else if (c.unit === 'tons_per_day_max') unit = 'ton_per_day';
    else if (c.unit !== '') fail(`unknown target unit '${c.unit}'`, row);
    const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(c.value!);
    const note = [c.status_note!, c.unit !== '' && c.unit !== 'pct_reduction' ? `research unit: ${c.unit}` : ''].filter((n) => n !== '').join('; ');
    const base: Cells = {
      target_id: c.target_id!,
      programme: programme.programme,
      scope: c.scope!,
      ports: bothPorts ? 'SPB_combined' : '',
      pollutant,
      item,
      target_year: FOUR_DIGIT_YEAR.test(yearText) ? yearText : '',
      period: FOUR_DIGIT_YEAR.test(yearText) ? '' : yearText,
      baseline_id: baselineId,
      kind,
      value: range ? range[1]! : c.value!,
      value_max: range ? range[2]! : '',
      unit,
      conflict_group: '',
      note,
      source_ref: normalizeRefs(c.source_ref!),
    };
    const conflict = TARGET_CONFLICTS[c.target_id!];
    if (!conflict) {
      targets.push(base);
      continue;
    }
    // Each conflicting value must be the published one or be quoted in the status note, and the variants'
    // sources together must be exactly the research row's sources.
    const researchRefs = base.source_ref!.split(';').sort();
    const variantRefs = conflict.flatMap((v) => v.source_ref).sort();
    if (researchRefs.join(';') !== variantRefs.join(';')) fail(`conflict variants of ${c.target_id} cite ${variantRefs.join(';')}, the research row ${researchRefs.join(';')}`, row);
    if (!conflict.some((v) => v.value === c.value)) fail(`no conflict variant of ${c.target_id} carries the published value ${c.value}`, row);
    for (const variant of conflict) {
      if (variant.value !== c.value && !c.status_note!.includes(`${variant.value}%`)) fail(`the status note of ${c.target_id} does not state ${variant.value}%`, row);
      targets.push({ ...base, target_id: variant.target_id, value: variant.value, conflict_group: c.target_id!, source_ref: variant.source_ref.join(';') });
    }
  }

  // regional context
  const regional: Cells[] = [];
  for (const row of research.rows['regional_context.csv']) {
    const c = row.cells;
    if (c.value === '') {
      leaveOut(row, `no value (unit '${c.unit}': a qualitative statement)`);
      continue;
    }
    const [unitText, qualifier] = regionalUnit(c.unit!, row);
    const names = [...c.item!.matchAll(/\b(NOx|DPM|SOx|VOC)\b/g)].map((m) => m[1]!);
    if (new Set(names).size > 1) fail(`item '${c.item}' names more than one pollutant`, row);
    regional.push({
      region: c.region!,
      year: FOUR_DIGIT_YEAR.test(c.year!) ? c.year! : '',
      period: FOUR_DIGIT_YEAR.test(c.year!) ? '' : c.year!,
      item: c.item!,
      pollutant: names[0] ?? '',
      value: c.value!,
      unit: unitText,
      qualifier,
      basis: regionalBasis(c),
      note: c.note!,
      source_ref: normalizeRefs(c.source_ref!),
    });
  }

  // milestones
  const milestones: Cells[] = research.rows['milestones.csv'].map(({ cells: c }) => {
    const phase = /^COOP_PHASE(\d+)$/.exec(c.milestone_id!);
    const detail = c.detail!;
    const precision = /\b(spring|summer|autumn|fall|winter)\b/i.test(detail) ? 'season' : /month only/i.test(detail) ? 'month' : 'day';
    return {
      milestone_id: c.milestone_id!,
      agreement: c.agreement!,
      date: c.date!,
      date_precision: precision,
      kind: c.kind!,
      scope: c.scope!,
      phase: phase ? phase[1]! : '',
      source_categories: c.source_categories!,
      detail,
      source_ref: normalizeRefs(c.source_ref!),
    };
  });

  return {
    resources: {
      ports: PORTS,
      // Aliases: the names published tables use, as port-emissions init gives them to any port.
      source_categories: SOURCE_CATEGORIES.map((row) => ({ ...row, aliases: usualAliases(row.code!) })),
      pollutants: POLLUTANTS.map((row) => ({ ...row, aliases: usualAliases(row.code!) })),
      units: UNITS,
      sources,
      releases: RELEASES,
      normalisations: NORMALISATIONS,
      baselines: BASELINES,
      emissions,
      indicators,
      throughput,
      targets,
      regional,
      milestones,
    },
    notIncluded,
  };
}

function regionalUnit(unit: string, row: ResearchRow): [string, string] {
  const qualifier = unitQualifier(unit);
  if (unit.startsWith('percent')) return ['percent', qualifier];
  if (unit.startsWith('tons_per_day')) return ['ton_per_day', qualifier];
  if (unit.startsWith('tons_per_year')) return ['ton_per_year', qualifier];
  fail(`unknown regional unit '${unit}'`, row);
}

/**
 * Shares are `share`; carrying capacities and levels a standard needs are `planning_target`; baselines,
 * projections and the reductions a rule is expected to bring are `projection`; the rest `inventory`.
 */
function regionalBasis(c: Cells): string {
  const item = c.item!;
  if (c.unit!.startsWith('percent')) return 'share';
  if (/carrying capacity|needed for/i.test(item)) return 'planning_target';
  if (/baseline|projection|projected|\brules?\b/i.test(item) || /projection/i.test(c.note!)) return 'projection';
  return 'inventory';
}

// ---------------------------------------------------------------------------------------------------------
// Validation: every row through its zod schema, codes against the codelists, unique keys.

function validate(resources: Record<ResourceName, Cells[]>): void {
  const problems: string[] = [];
  for (const name of RESOURCE_NAMES) {
    const kind = RESOURCE_KINDS[name];
    const fields = resourceFields(name);
    resources[name].forEach((cells, i) => {
      const extra = Object.keys(cells).filter((k) => !fields.includes(k));
      const optional: readonly string[] = RESOURCE_KINDS[name].optionalFields ?? [];
      const missing = fields.filter((f) => !(f in cells) && !optional.includes(f));
      if (extra.length + missing.length > 0) problems.push(`${name} row ${i + 1}: fields missing ${missing.join(',')} / unexpected ${extra.join(',')}`);
      const parsed = kind.schema.safeParse(cells);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${name} row ${i + 1}: ${issue.path.join('.')}: ${issue.message} (found ${JSON.stringify(cells[String(issue.path[0])])})`);
      }
    });
  }
  const keyField: Record<CodelistName, string> = { ports: 'code', source_categories: 'code', pollutants: 'code', units: 'code', releases: 'release_id', sources: 'source_ref', baselines: 'baseline_id', normalisations: 'code' };
  const known = (list: CodelistName) => new Set(resources[list].map((row) => row[keyField[list]]!));
  for (const name of RESOURCE_NAMES) {
    const codes = Object.entries(RESOURCE_KINDS[name].codes) as [string, CodelistName][];
    for (const [column, list] of codes) {
      const declared = known(list);
      resources[name].forEach((cells, i) => {
        for (const code of (cells[column] ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '')) {
          if (!declared.has(code)) problems.push(`${name} row ${i + 1}: ${column} '${code}' is not declared in ${list}`);
        }
      });
    }
    const key = RESOURCE_KINDS[name].key;
    const seen = new Set<string>();
    resources[name].forEach((cells, i) => {
      const id = key.map((k) => cells[k]).join('|');
      if (seen.has(id)) problems.push(`${name} row ${i + 1}: duplicate key ${key.join('/')} = ${id}`);
      seen.add(id);
    });
  }
  const categories = known('source_categories');
  for (const row of resources.source_categories) if (row.parent && !categories.has(row.parent)) problems.push(`source_categories: parent '${row.parent}' of ${row.code} is not declared`);
  for (const row of resources.baselines) if (row.port !== 'all' && !known('ports').has(row.port!)) problems.push(`baselines: port '${row.port}' of ${row.baseline_id} is not declared`);
  const relativeTo = new Set([...known('baselines'), 'prior_year', 'unstated']);
  for (const row of resources.indicators) {
    if (!relativeTo.has(row.relative_to!) && !FOUR_DIGIT_YEAR.test(row.relative_to!)) problems.push(`indicators: relative_to '${row.relative_to}' is not a baseline id`);
  }
  const usedReleases = new Set([...resources.emissions, ...resources.indicators].map((row) => row.release));
  for (const release of resources.releases) if (!usedReleases.has(release.release_id)) problems.push(`releases: ${release.release_id} is named by no row`);
  if (problems.length > 0) {
    throw new PortEmissionsError(`the San Pedro Bay build produced ${problems.length} invalid row${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output: CSV (UTF-8, LF, RFC 4180 quoting) and the datapackage.json descriptor.

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(fields: readonly string[], rows: readonly Cells[]): string {
  const lines = [fields.map(csvCell).join(',')];
  for (const row of rows) lines.push(fields.map((f) => csvCell(row[f] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

const CODELISTS: readonly ResourceName[] = ['ports', 'source_categories', 'pollutants', 'units', 'sources', 'releases', 'normalisations', 'baselines'];

/** Path of a resource inside the dataset folder. */
export function resourcePath(name: ResourceName): string {
  return `${CODELISTS.includes(name) ? 'codelists' : 'data'}/${name}.csv`;
}

const RESOURCE_DESCRIPTIONS: Record<ResourceName, string> = {
  ports: 'Ports and the San Pedro Bay combination (POLA + POLB).',
  source_categories: 'Source categories the figures are published for; `all` is the port-wide total, `parent` links a specific category to its broader one.',
  pollutants: 'Pollutants and pollutant aggregates, spelled as the sources spell them.',
  units: 'Units, with what they measure; tons are `ton_unspecified` because the sources do not say short or metric.',
  sources: 'Citations: every `source_ref` of the dataset, with the evidence read and an A-D confidence grade (the research\'s own words in `confidence_note`).',
  releases: 'Publications that provide tonnages (inventory tables, press reports of inventories, programme results) or that headline indicators name.',
  normalisations: 'Normalisations the figures name: per 10,000 TEU of container throughput (the default).',
  baselines: 'Named baselines: CAAP 2005 (San Pedro Bay Standards), CAAP 2001 (POLA, 2006 CAAP), GHG 1990 (2017 CAAP Update), Proposed Rule 4001 2008.',
  emissions: 'Tonnages: POLA port-wide DPM/NOx/SOx 2005-2012 (City of LA open data), POLB figures as reported in press and magazines, and programme reductions (VSR, Green Flag, shore power, tons reduced since 2005).',
  indicators: 'Published percent changes with what they are relative to (a baseline, the prior year, a year) and of what (absolute, per 10,000 TEU, per container, per engine, fleet emission rate). Negative = reduction. Several sources reporting one figure are all kept.',
  throughput: 'Container throughput in TEU by port and year, with its precision (exact, rounded, derived, partial year); the note keeps the research\'s precision text.',
  targets: 'Published targets (San Pedro Bay Standards, CAAP 2006 and 2017, air-district and state rules); conflicting published values share a conflict_group.',
  regional: 'South Coast Air Basin context: port shares of basin emissions, basin NOx/VOC inventories and projections, the OGV 2030 NOx projection.',
  milestones: 'Dated milestones of the 2025 Cooperative Agreement between South Coast AQMD and the two ports.',
};

type FrictionlessType = 'string' | 'integer' | 'number' | 'date' | 'year';

function fieldType(field: string): FrictionlessType {
  if (field === 'year' || field === 'target_year') return 'year';
  if (field === 'value' || field === 'value_max' || field === 'teu') return 'number';
  if (field === 'date') return 'date';
  if (field === 'phase') return 'integer';
  return 'string';
}

const LIST_FIELDS = new Set(['source_ref', 'source_categories', 'ports', 'members', 'aliases']);

const FIELD_DESCRIPTIONS: Record<string, string> = {
  source_ref: "';'-separated source_ref codes of codelists/sources.csv",
  source_categories: "';'-separated source category codes",
  ports: "';'-separated port codes",
  members: "';'-separated member port codes of a combination",
  aliases: "';'-separated other names the code goes by in published tables (matched ignoring case, hyphens, spaces and punctuation)",
  value: 'the value as published (never rounded)',
  qualifier: 'empty = stated plainly; lower_bound, upper_bound or approximate where the source says so',
  note: "the research's own words where it gave any",
  release: 'release_id of codelists/releases.csv',
  relative_to: 'a baseline id, prior_year, a four-digit year, or unstated',
  teu: 'twenty-foot equivalent units, as published',
  period: 'the period in words where the source gives no single year',
  confidence: 'A table or open data, B the port or regulator, C press and other; see README',
};

function descriptor(resources: Record<ResourceName, Cells[]>): object {
  return {
    profile: 'tabular-data-package',
    name: 'san-pedro-bay',
    title: 'San Pedro Bay ports air emissions: published figures with their sources',
    description:
      'Published air-emissions figures of the Port of Los Angeles (POLA) and the Port of Long Beach (POLB) under the San Pedro Bay Clean Air Action Plan: tonnages, percent changes against named baselines, container throughput, targets, South Coast Air Basin context and the 2025 Cooperative Agreement milestones. Every row cites its source; values are as published. Built by build/from-research.ts from the project research collection; see README.md.',
    version: '1.0.0',
    // The baseline reductions, indices and reports measure from unless a command or port names another.
    default_baseline: 'CAAP_2005',
    // The normalisation intensities are expressed in unless a command names another.
    default_normalisation: 'per_10000_teu',
    licenses: [{ name: 'ODC-BY-1.0', path: 'https://opendatacommons.org/licenses/by/1-0/', title: 'Open Data Commons Attribution License v1.0' }],
    sources: [
      {
        title: `Published San Pedro Bay figures, with sources (project research collection of ${resources.sources.length} public documents; each row cites one in codelists/sources.csv)`,
        path: 'codelists/sources.csv',
      },
    ],
    resources: RESOURCE_NAMES.map((name) => ({
      profile: 'tabular-data-resource',
      name,
      path: resourcePath(name),
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      description: RESOURCE_DESCRIPTIONS[name],
      schema: {
        fields: resourceFields(name).map((field) => ({
          name: field,
          type: fieldType(field),
          ...(FIELD_DESCRIPTIONS[field] ? { description: FIELD_DESCRIPTIONS[field] } : LIST_FIELDS.has(field) ? { description: "';'-separated" } : {}),
        })),
        primaryKey: [...RESOURCE_KINDS[name].key],
      },
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Computes every file of the dataset from the research folder, without writing: the CSVs, datapackage.json,
 * the research snapshot and the not-included list, keyed by path relative to the dataset folder.
 * Throws a PortEmissionsError naming every invalid row when the mapping produces one.
 */
export function renderSanPedroBay(researchDir: string): SanPedroBayBuild {
  const research = readResearch(researchDir);
  const { resources, notIncluded } = mapResearch(research);
  validate(resources);
  const files = new Map<string, Buffer>();
  files.set('datapackage.json', Buffer.from(JSON.stringify(descriptor(resources), null, 2) + '\n', 'utf8'));
  for (const name of RESOURCE_NAMES) files.set(resourcePath(name), Buffer.from(toCsv(resourceFields(name), resources[name]), 'utf8'));
  files.set(
    NOT_INCLUDED_FILE,
    Buffer.from(toCsv(['file', 'line', 'reason', 'row'], notIncluded.map((n) => ({ ...n, line: String(n.line) }))), 'utf8'),
  );
  for (const [file, bytes] of [...research.bytes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files.set(`${RESEARCH_SNAPSHOT}/${file}`, bytes);
  const rows = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, resources[name].length])) as Record<ResourceName, number>;
  return { files, rows, notIncluded };
}

/**
 * Builds the San Pedro Bay dataset from `researchDir` into `outDir` (the dataset folder): writes every file
 * {@link renderSanPedroBay} computes and returns the same summary. Deterministic: the same research files
 * give byte-identical output.
 */
export function buildSanPedroBay(researchDir: string, outDir: string): SanPedroBayBuild {
  const build = renderSanPedroBay(researchDir);
  for (const [file, bytes] of build.files) {
    const path = join(outDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return build;
}

function main(argv: string[]): void {
  const researchDir = resolve(argv[0] ?? DEFAULT_RESEARCH_DIR);
  const outDir = resolve(argv[1] ?? DATASET_DIR);
  const build = buildSanPedroBay(researchDir, outDir);
  const width = Math.max(...RESOURCE_NAMES.map((n) => n.length));
  process.stdout.write(`built ${outDir} from ${researchDir}\n`);
  for (const name of RESOURCE_NAMES) process.stdout.write(`  ${name.padEnd(width)}  ${String(build.rows[name]).padStart(4)} rows\n`);
  process.stdout.write(`  ${'not included'.padEnd(width)}  ${String(build.notIncluded.length).padStart(4)} research rows (${NOT_INCLUDED_FILE})\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof PortEmissionsError) {
      const where = error.location?.file ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
      process.stderr.write(`${where}${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      process.exit(1);
    }
    throw error;
  }
}
