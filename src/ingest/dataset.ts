import type { Normalisation, Pollutant, Port, Release, SourceCategory, Unit } from '../schema/codelists.ts';
import type {
  BaselineRecord,
  EmissionsRecord,
  IndicatorRecord,
  MilestoneRecord,
  RegionalRecord,
  SourceRecord,
  TargetRecord,
  ThroughputRecord,
} from '../schema/records.ts';

/** The typed records of every resource of a dataset. Optional resources are empty arrays when absent. */
export interface DatasetRecords {
  ports: Port[];
  source_categories: SourceCategory[];
  pollutants: Pollutant[];
  units: Unit[];
  releases: Release[];
  sources: SourceRecord[];
  normalisations: Normalisation[];
  baselines: BaselineRecord[];
  emissions: EmissionsRecord[];
  indicators: IndicatorRecord[];
  throughput: ThroughputRecord[];
  targets: TargetRecord[];
  regional: RegionalRecord[];
  milestones: MilestoneRecord[];
}

/** Codelists indexed by code, for look-ups and labels. */
export interface Codelists {
  ports: ReadonlyMap<string, Port>;
  sourceCategories: ReadonlyMap<string, SourceCategory>;
  pollutants: ReadonlyMap<string, Pollutant>;
  units: ReadonlyMap<string, Unit>;
  releases: ReadonlyMap<string, Release>;
  sources: ReadonlyMap<string, SourceRecord>;
}

/**
 * A loaded, validated dataset: typed records (one array per resource, fields named as in the CSV),
 * codelists by code, and identity (name, title, folder, content hash). For an arquero table of a resource,
 * `from(dataset.records.emissions)`: no stage needs one, so none is built.
 */
export interface Dataset {
  name: string;
  title: string;
  /**
   * The baseline the dataset measures from when neither the caller nor the port names one (datapackage.json
   * `default_baseline`); see `baselineFor` in src/analysis/baselines.ts.
   */
  defaultBaseline?: string;
  /** The normalisation intensities are expressed in unless named (datapackage.json `default_normalisation`). */
  defaultNormalisation?: string;
  /** Absolute folder of the dataset, or `<memory>` for one built in code. */
  dir: string;
  /** sha256 over the descriptor and every resource file's bytes, in descriptor order (hex). */
  hash: string;
  records: DatasetRecords;
  codelists: Codelists;
}

function index<T, K extends keyof T>(rows: readonly T[], key: K): Map<string, T> {
  return new Map(rows.map((row) => [String(row[key]), row]));
}

/**
 * Assembles a Dataset from typed records that have already been validated (the loader does that; tests
 * may build small synthetic datasets this way). Missing optional resources become empty.
 */
export function assembleDataset(
  identity: { name: string; title: string; dir?: string; hash?: string; defaultBaseline?: string; defaultNormalisation?: string },
  records: Partial<DatasetRecords> & Pick<DatasetRecords, 'ports' | 'source_categories' | 'pollutants' | 'units' | 'sources' | 'emissions'>,
): Dataset {
  const full: DatasetRecords = {
    releases: [],
    normalisations: [],
    baselines: [],
    indicators: [],
    throughput: [],
    targets: [],
    regional: [],
    milestones: [],
    ...records,
  };
  return {
    name: identity.name,
    title: identity.title,
    ...(identity.defaultBaseline ? { defaultBaseline: identity.defaultBaseline } : {}),
    ...(identity.defaultNormalisation ? { defaultNormalisation: identity.defaultNormalisation } : {}),
    dir: identity.dir ?? '<memory>',
    hash: identity.hash ?? 'memory',
    records: full,
    codelists: {
      ports: index(full.ports, 'code'),
      sourceCategories: index(full.source_categories, 'code'),
      pollutants: index(full.pollutants, 'code'),
      units: index(full.units, 'code'),
      releases: index(full.releases, 'release_id'),
      sources: index(full.sources, 'source_ref'),
    },
  };
}
