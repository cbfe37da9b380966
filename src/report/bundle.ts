import { join } from 'node:path';
import { PortEmissionsError, usageError } from '../errors.ts';
import { writeDirAtomic, writeFileAtomic, type AtomicFs } from './atomic.ts';
import { toCsv, toXlsx, type TabularRow } from './tabular.ts';

/** The formats an export bundle can hold; README.md is always written. */
export type BundleFormat = 'svg' | 'png' | 'csv' | 'xlsx' | 'json';

/** Every format, in the order files are written and listed. */
export const BUNDLE_FORMATS: readonly BundleFormat[] = ['svg', 'png', 'csv', 'xlsx', 'json'];

/** Everything exported for one chart, as plain data. */
export interface ChartBundle {
  /** Chart id; names the folder and the files (`<id>.svg`, `<id>@2x.png`, ...). */
  id: string;
  svg?: string;
  /** Rendered pictures; each is written as `<id>@<scale>x.png` (`<id>.png` for scale 1). */
  png?: { scale: number; data: Uint8Array }[];
  /** The data behind the chart, for CSV and XLSX. */
  rows?: TabularRow[];
  /** Column order for CSV and XLSX; default: keys in order of first appearance. */
  columns?: string[];
  /** Written as `<id>.json`: title, units, baseline, release, sources, datasetHash, toolVersion, ... */
  sidecar: Record<string, unknown>;
  /** Written as README.md: what the files are and how to cite them. */
  readme: string;
  /** Lines of the XLSX "About" sheet (one `note` row each); default: one row per sidecar entry ({@link sidecarRows}). */
  notes?: string[];
}

export interface BundleOptions {
  /** Date pinned in the XLSX document properties; see {@link toXlsx}. Default 1970-01-01T00:00:00Z. */
  date?: Date;
  /** Start the CSV with a UTF-8 byte-order mark (Excel needs it to read non-ASCII text). Default false. */
  csvBom?: boolean;
  /** The file-system steps of the writes (see AtomicFs); default the real file system. Tests inject failures here. */
  fs?: AtomicFs;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Reads a `--formats` value such as `svg,png,csv` (spaces and case ignored, repeats allowed).
 *
 * @throws PortEmissionsError (exit code 2) naming an unknown or missing format.
 */
export function parseBundleFormats(text: string): Set<BundleFormat> {
  const formats = new Set<BundleFormat>();
  for (const part of text.split(',')) {
    const name = part.trim().toLowerCase();
    if (name === '') continue;
    if (!(BUNDLE_FORMATS as readonly string[]).includes(name)) {
      throw usageError(`Unknown format "${part.trim()}" in --formats`, `use any of ${BUNDLE_FORMATS.join(', ')}, separated by commas`);
    }
    formats.add(name as BundleFormat);
  }
  if (formats.size === 0) throw usageError('--formats names no format', `use any of ${BUNDLE_FORMATS.join(', ')}, separated by commas`);
  return formats;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The rows of the XLSX "About" sheet: one `{ field, value }` row per sidecar entry; an array gives one row
 * per item, an object item its scalar values joined with ` — ` (e.g. a source's ref, title and url).
 */
export function sidecarRows(sidecar: Record<string, unknown>): { field: string; value: string }[] {
  const rows: { field: string; value: string }[] = [];
  for (const [key, value] of Object.entries(sidecar)) {
    if (value === null || value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const scalar = scalarText(item);
      if (scalar !== undefined) rows.push({ field: key, value: scalar });
      else if (item !== null && typeof item === 'object') {
        const parts = Object.values(item as Record<string, unknown>).map(scalarText).filter((part) => part !== undefined && part !== '');
        if (parts.length > 0) rows.push({ field: key, value: parts.join(' — ') });
      }
    }
  }
  return rows;
}

/** Name of the XLSX sheet holding what the data is (title, units, baseline, release, sources, ...). */
export const ABOUT_SHEET = 'About';

function missing(id: string, format: string, field: string): PortEmissionsError {
  return new PortEmissionsError(`Chart ${id}: format ${format} was asked for but the bundle has no ${field}`, {
    exitCode: 1,
    hint: `leave ${format} out of --formats for this chart`,
  });
}

function pngName(id: string, scale: number): string {
  return scale === 1 ? `${id}.png` : `${id}@${scale}x.png`;
}

/**
 * Writes one chart's export bundle into `dir/<id>/`: `<id>.svg`, `<id>@2x.png`/`<id>@3x.png` (one per given
 * scale), `<id>.csv`, `<id>.xlsx`, `<id>.json` for the requested `formats`, and `README.md` always. The folder
 * is built beside its final place and swapped in at once ({@link writeDirAtomic}), so a failure leaves the
 * previous bundle as it was, and a new bundle replaces the old one whole (no stale files from other formats).
 * `dir` is created if needed.
 *
 * CSV and XLSX go through {@link toCsv} and {@link toXlsx} (formula neutralisation, plain numbers); JSON is
 * the sidecar, 2-space indented. Same inputs give byte-identical files.
 *
 * @returns the paths written (`dir/<id>/<file>`), in format order with README.md last.
 * @throws PortEmissionsError: exit code 2 for an id that is not a safe file name; exit code 1 when a
 *   requested format has nothing to write (no svg, no png, no rows) or a PNG scale is not a positive number
 *   or repeats.
 */
export async function writeChartBundle(
  dir: string,
  bundle: ChartBundle,
  formats: ReadonlySet<BundleFormat>,
  options: BundleOptions = {},
): Promise<string[]> {
  const { id } = bundle;
  if (!ID.test(id)) {
    throw new PortEmissionsError(`Chart id "${id}" cannot name an export folder`, {
      exitCode: 2,
      hint: 'chart ids are up to 100 letters, digits, ".", "_" or "-", starting with a letter or digit',
    });
  }

  const files: { name: string; data: () => Promise<string | Uint8Array> }[] = [];
  if (formats.has('svg')) {
    const { svg } = bundle;
    if (svg === undefined) throw missing(id, 'svg', 'SVG');
    files.push({ name: `${id}.svg`, data: async () => svg });
  }
  if (formats.has('png')) {
    const pngs = [...(bundle.png ?? [])].sort((a, b) => a.scale - b.scale);
    if (pngs.length === 0) throw missing(id, 'png', 'PNG');
    pngs.forEach((png, i) => {
      if (!(Number.isFinite(png.scale) && png.scale > 0)) {
        throw new PortEmissionsError(`Chart ${id}: PNG scale ${png.scale} is not a positive number`);
      }
      if (i > 0 && pngs[i - 1]!.scale === png.scale) throw new PortEmissionsError(`Chart ${id}: two PNGs at scale ${png.scale}`);
      files.push({ name: pngName(id, png.scale), data: async () => png.data });
    });
  }
  if (formats.has('csv') || formats.has('xlsx')) {
    const { rows } = bundle;
    if (rows === undefined) throw missing(id, formats.has('csv') ? 'csv' : 'xlsx', 'data rows');
    if (formats.has('csv')) {
      files.push({ name: `${id}.csv`, data: async () => toCsv(rows, bundle.columns, { bom: options.csvBom === true }) });
    }
    if (formats.has('xlsx')) {
      // The table alone on its sheet (it sorts and filters cleanly); what it is goes on a sheet of its own.
      const sheet = { name: id, rows, ...(bundle.columns === undefined ? {} : { columns: bundle.columns }) };
      const about = {
        name: ABOUT_SHEET,
        rows: bundle.notes === undefined ? sidecarRows(bundle.sidecar) : bundle.notes.map((value) => ({ field: 'note', value })),
        columns: ['field', 'value'],
      };
      files.push({ name: `${id}.xlsx`, data: () => toXlsx([sheet, about], options.date === undefined ? {} : { date: options.date }) });
    }
  }
  if (formats.has('json')) {
    files.push({ name: `${id}.json`, data: async () => `${JSON.stringify(bundle.sidecar, null, 2)}\n` });
  }
  files.push({ name: 'README.md', data: async () => (bundle.readme.endsWith('\n') ? bundle.readme : `${bundle.readme}\n`) });

  const target = join(dir, id);
  const atomic = options.fs === undefined ? {} : { fs: options.fs };
  await writeDirAtomic(
    target,
    async (staging) => {
      for (const file of files) await writeFileAtomic(join(staging, file.name), await file.data(), atomic);
    },
    atomic,
  );
  return files.map((file) => join(target, file.name));
}
