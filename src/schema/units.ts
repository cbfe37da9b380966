import { PortEmissionsError } from '../errors.ts';
import type { MassUnit, Unit } from './codelists.ts';

/**
 * Unit conversion through one registry of mass factors and periods, never ad-hoc factors in analyses.
 * A conversion the sources do not define (a ton whose kind is unstated, to or from a metric unit) is refused
 * with an error that says so, instead of guessing.
 */

/** Kilograms per unit, exact by definition (US customary short ton = 2000 lb; lb = 0.45359237 kg). */
const KG_PER: Record<Exclude<MassUnit, 'ton_unspecified'>, number> = {
  kilogram: 1,
  pound: 0.45359237,
  short_ton: 907.18474,
  metric_tonne: 1000,
};

/** Days per year used to annualise a per-day figure; see {@link convertRate}. */
export const DAYS_PER_YEAR = 365;

/** Converts a mass between units. Throws when either side is a ton of unstated kind (and they differ). */
export function convertMass(value: number, from: MassUnit, to: MassUnit): number {
  if (from === to) return value;
  if (from === 'ton_unspecified' || to === 'ton_unspecified') {
    throw new PortEmissionsError(`cannot convert ${from} to ${to}: the source does not say whether its tons are short tons or metric tonnes`, {
      hint: 'record the ton type in the dataset\'s units codelist (short_ton or metric_tonne) if the source states it',
    });
  }
  return (value * KG_PER[from]) / KG_PER[to];
}

/** What a rate conversion did, for the report's notes. */
export interface RateConversion {
  value: number;
  factor: number;
  description: string;
}

/**
 * Converts a mass rate (e.g. tons/day to tons/year). Per-day to per-year multiplies by 365: planning
 * inventories in tons/day describe an average (or a planning season's) day, so the annual figure is an
 * annualisation, and the description says so.
 */
export function convertRate(value: number, from: Unit, to: Unit): RateConversion {
  if (from.quantity !== 'mass_rate' || to.quantity !== 'mass_rate' || !from.mass || !to.mass || !from.per || !to.per) {
    throw new PortEmissionsError(`cannot convert ${from.code} to ${to.code}: both must be mass rates with a mass unit and a period`);
  }
  const massFactor = convertMass(1, from.mass, to.mass);
  const periodFactor = from.per === to.per ? 1 : from.per === 'day' ? DAYS_PER_YEAR : 1 / DAYS_PER_YEAR;
  const factor = massFactor * periodFactor;
  const parts: string[] = [];
  if (massFactor !== 1) parts.push(`${from.mass} -> ${to.mass} (x${massFactor})`);
  if (periodFactor !== 1) parts.push(from.per === 'day' ? `per day -> per year (x${DAYS_PER_YEAR}, an annualised day)` : `per year -> per day (/${DAYS_PER_YEAR})`);
  return { value: value * factor, factor, description: parts.length === 0 ? 'no conversion' : parts.join('; ') };
}

/** True when two units measure the same thing in the same way, so their values may be added or compared. */
export function sameUnit(a: Unit, b: Unit): boolean {
  return a.code === b.code || (a.quantity === b.quantity && a.mass === b.mass && a.per === b.per);
}

/** Words for a unit in titles, axes, sentences and notes: what the data says, never more. */
export interface UnitWords {
  /** The mass in a sentence: "tonnes", "short tons", "tons" (a ton of unstated kind), "pounds". */
  mass: string;
  /** "tonnes per year", "tons per day"; for a plain mass, the mass. */
  rate: string;
  /** The rate with a capital, for titles and axes: "Tonnes per year". */
  title: string;
  /** Symbol for short labels: "t" (tonnes or tons), "short tons" spelled out, "lb", "kg". */
  symbol: string;
  /** A note the chart must carry: for a ton of unstated kind, that the sources do not say which. */
  note?: string;
}

const MASS_WORDS: Record<MassUnit, { mass: string; symbol: string }> = {
  metric_tonne: { mass: 'tonnes', symbol: 't' },
  short_ton: { mass: 'short tons', symbol: 'short tons' },
  ton_unspecified: { mass: 'tons', symbol: 't' },
  pound: { mass: 'pounds', symbol: 'lb' },
  kilogram: { mass: 'kilograms', symbol: 'kg' },
};

/** The note a chart of tons of unstated kind carries. */
export const TON_UNSTATED_NOTE = 'Tons as published; the sources do not say whether short or metric tons.';

/**
 * Words for the unit a figure is declared in (the units codelist's `mass` and `per`). The one source of
 * unit words for every chart: tonnes say "tonnes", short tons "short tons", and only a ton of unstated kind
 * says "tons" and carries the note that the sources do not say which. An unknown or non-mass unit falls
 * back to its codelist label.
 */
export function unitWords(unit: Unit | undefined): UnitWords {
  if (!unit?.mass) {
    const label = unit?.label ?? 'tons';
    return { mass: label, rate: label, title: label.charAt(0).toUpperCase() + label.slice(1), symbol: label };
  }
  const { mass, symbol } = MASS_WORDS[unit.mass];
  const rate = unit.per ? `${mass} per ${unit.per}` : mass;
  return { mass, rate, title: rate.charAt(0).toUpperCase() + rate.slice(1), symbol, ...(unit.mass === 'ton_unspecified' ? { note: TON_UNSTATED_NOTE } : {}) };
}

/** {@link unitWords} for a unit code of a codelist (undefined code: the words of a ton of unstated kind). */
export function unitWordsOf(units: ReadonlyMap<string, Unit>, code: string | undefined): UnitWords {
  return unitWords(code === undefined ? { code: 'ton_per_year', label: 'tons per year', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'year', note: '' } : (units.get(code) ?? { code, label: code, quantity: 'mass', note: '' }));
}

/** The notes a chart in this unit carries ({@link UnitWords.note}), as a list to spread into a chart's notes. */
export function unitNotes(units: ReadonlyMap<string, Unit>, code: string | undefined): string[] {
  const { note } = unitWordsOf(units, code);
  return note === undefined ? [] : [note];
}
