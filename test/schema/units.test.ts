import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { convertMass, convertRate, sameUnit } from '../../src/schema/units.ts';
import type { Unit } from '../../src/schema/codelists.ts';

const unit = (code: string, mass: Unit['mass'], per: Unit['per']): Unit => ({ code, label: code, quantity: 'mass_rate', mass, per, note: '' });

describe('units', () => {
  it('converts masses by exact definitions', () => {
    expect(convertMass(1, 'short_ton', 'pound')).toBeCloseTo(2000, 9);
    expect(convertMass(1, 'metric_tonne', 'kilogram')).toBe(1000);
    expect(convertMass(1, 'short_ton', 'metric_tonne')).toBeCloseTo(0.90718474, 12);
    expect(convertMass(2000, 'pound', 'short_ton')).toBeCloseTo(1, 12);
  });

  it('refuses to convert a ton of unstated kind instead of guessing', () => {
    expect(convertMass(5, 'ton_unspecified', 'ton_unspecified')).toBe(5);
    expect(() => convertMass(1, 'ton_unspecified', 'metric_tonne')).toThrow(PortEmissionsError);
    expect(() => convertMass(1, 'short_ton', 'ton_unspecified')).toThrow(/does not say whether its tons are short tons or metric tonnes/);
  });

  it('annualises a per-day rate and says so', () => {
    const perDay = unit('ton_per_day', 'ton_unspecified', 'day');
    const perYear = unit('ton_per_year', 'ton_unspecified', 'year');
    const result = convertRate(32.6, perDay, perYear);
    expect(result.value).toBeCloseTo(11899, 9);
    expect(result.description).toBe('per day -> per year (x365, an annualised day)');
    expect(convertRate(365, perYear, perDay).value).toBeCloseTo(1, 12);
    expect(() => convertRate(1, perDay, unit('tpy_t', 'metric_tonne', 'year'))).toThrow(PortEmissionsError);
    expect(sameUnit(perDay, perYear)).toBe(false);
  });
});
