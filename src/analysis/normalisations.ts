/**
 * Normalisations a dataset declares (codelists/normalisations.csv): which activity measure a figure named
 * `per_10000_teu`, `per_10000_cargo_tons` or `per_vessel_call` divides by, and per how many units. The
 * intensity analysis, its chart and the reconciliation use whichever the figure (or the command) names.
 */
import { usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { Normalisation } from '../schema/codelists.ts';

/** Per 10,000 TEU: what a dataset without a normalisations codelist means by `per_10000_teu`. */
export const PER_10000_TEU: Normalisation = { code: 'per_10000_teu', label: 'per 10,000 TEU', measure: 'TEU', per: 10_000, note: '' };

/** The normalisation a metric code names, or undefined when the code is not a normalisation (e.g. `absolute`). */
export function normalisationOf(dataset: Dataset, code: string): Normalisation | undefined {
  return dataset.records.normalisations.find((n) => n.code === code) ?? (code === PER_10000_TEU.code ? PER_10000_TEU : undefined);
}

/**
 * The normalisation to express intensities in: the one named, else the dataset's `default_normalisation`,
 * else per 10,000 TEU.
 *
 * @throws PortEmissionsError (exit code 2) for a code the dataset does not declare.
 */
export function normalisationFor(dataset: Dataset, code?: string): Normalisation {
  const wanted = code ?? dataset.defaultNormalisation ?? PER_10000_TEU.code;
  const found = normalisationOf(dataset, wanted);
  if (found) return found;
  const codes = [...new Set([...dataset.records.normalisations.map((n) => n.code), PER_10000_TEU.code])];
  throw usageError(`unknown normalisation '${wanted}': valid normalisations are ${codes.join(', ')}`, 'declare it in codelists/normalisations.csv (code, label, measure, per, note)');
}
