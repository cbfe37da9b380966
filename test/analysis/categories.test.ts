import { describe, expect, it } from 'vitest';
import { phasesCovering, sourceCategoryShares } from '../../src/analysis/categories.ts';
import { rowsOf, type CategoryRow } from '../../src/analysis/types.ts';
import { em, milestone, syntheticDataset } from '../helpers/synthetic-dataset.ts';

// Synthetic dataset shaped like a by-category inventory table; values are test inputs.
const milestones = [
  milestone('APPROVAL', '2025-11-07', undefined, []),
  milestone('PHASE1', '2027-12-31', 1, ['cargo_handling_equipment', 'heavy_duty_vehicles']),
  milestone('PHASE2', '2028-12-31', 2, ['cargo_handling_equipment', 'locomotives', 'harbor_craft']),
  milestone('PHASE3', '2029-12-31', 3, ['ocean_going_vessels']),
];
const cat = (port: string, year: number, category: string, value: number) => em(port, year, 'DPM', value, { source_category: category });
const dataset = syntheticDataset({
  milestones,
  emissions: [
    cat('POLB', 2005, 'ocean_going_vessels', 605),
    cat('POLB', 2005, 'heavy_duty_vehicles', 205),
    cat('POLB', 2005, 'cargo_handling_equipment', 47),
    cat('POLB', 2018, 'ocean_going_vessels', 63),
    cat('POLB', 2018, 'heavy_duty_vehicles', 7),
    cat('POLB', 2018, 'cargo_handling_equipment', 3),
    em('POLA', 2012, 'DPM', 185),
    cat('POLA', 2012, 'ocean_going_vessels', 100),
    cat('POLA', 2012, 'ogv_at_berth', 30),
    cat('POLA', 2012, 'heavy_duty_vehicles', 50),
    cat('POLA', 2012, 'harbor_craft', 50),
  ],
});
const rows = (options = {}) => rowsOf(sourceCategoryShares(dataset, options));
const find = (list: CategoryRow[], port: string, year: number, category: string) => list.find((r) => r.port === port && r.year === year && r.source_category === category)!;

describe('sourceCategoryShares', () => {
  const list = rows();

  it('shares of the sum of the categories reported when the release has no port total, and says so', () => {
    const ogv = find(list, 'POLB', 2018, 'ocean_going_vessels');
    expect(ogv.total).toBe(63 + 7 + 3);
    expect(ogv.share_pct).toBeCloseTo((63 / 73) * 100, 9);
    expect(ogv.total_basis).toBe('sum_of_categories');
    expect(ogv.rank).toBe(1);
    expect(ogv.reason).toBe(
      'total is the sum of the 3 categories reported (ocean_going_vessels, cargo_handling_equipment, heavy_duty_vehicles), not a published port total: categories not reported are missing from it',
    );
  });

  it('computes each category\'s change since the baseline in the same release', () => {
    const ogv = find(list, 'POLB', 2018, 'ocean_going_vessels');
    expect(ogv.baseline_value).toBe(605);
    expect(ogv.pct_change_vs_baseline).toBeCloseTo(((63 - 605) / 605) * 100, 9); // -89.6%
    expect(find(list, 'POLB', 2018, 'heavy_duty_vehicles').pct_change_vs_baseline).toBeCloseTo(((7 - 205) / 205) * 100, 9);
  });

  it('uses the port total of the same release where there is one; sub-categories rank among siblings', () => {
    const ogv = find(list, 'POLA', 2012, 'ocean_going_vessels');
    expect(ogv.total).toBe(185);
    expect(ogv.total_basis).toBe('all_row');
    expect(ogv.share_pct).toBeCloseTo((100 / 185) * 100, 9);
    expect(ogv.rank).toBe(1);
    // Ties share a rank.
    expect(find(list, 'POLA', 2012, 'heavy_duty_vehicles').rank).toBe(2);
    expect(find(list, 'POLA', 2012, 'harbor_craft').rank).toBe(2);
    expect(find(list, 'POLA', 2012, 'ogv_at_berth').rank).toBe(1);
  });

  it('never adds a sub-category to its parent in a sum of categories', () => {
    const ds = syntheticDataset({ emissions: [cat('POLA', 2012, 'ocean_going_vessels', 600), cat('POLA', 2012, 'ogv_at_berth', 100), cat('POLA', 2012, 'heavy_duty_vehicles', 200)] });
    const berth = rowsOf(sourceCategoryShares(ds)).find((r) => r.source_category === 'ogv_at_berth')!;
    expect(berth.total).toBe(800);
    expect(berth.share_pct).toBeCloseTo(12.5, 9);
  });

  it('names the first Cooperative Agreement phase covering a category and notes the others', () => {
    const che = find(list, 'POLB', 2018, 'cargo_handling_equipment');
    expect(che.phase).toBe(1);
    expect(che.phase_deadline).toBe('2027-12-31');
    expect(che.phase_note).toBe('also covered by phase 2 (2028-12-31)');
    expect(find(list, 'POLB', 2018, 'ocean_going_vessels')).toMatchObject({ phase: 3, phase_deadline: '2029-12-31', phase_note: '' });
    // A sub-category is covered through its parent.
    expect(phasesCovering(dataset, 'ogv_at_berth').map((p) => p.phase)).toEqual([3]);
  });

  it('explains a missing baseline and filters by category', () => {
    const berth = find(list, 'POLA', 2012, 'ogv_at_berth');
    expect(berth.pct_change_vs_baseline).toBeNull();
    expect(berth.reason).toBe('release POLA_OPEN_2013 has no DPM ogv_at_berth value for 2005, the CAAP_2005 baseline year');
    expect(rows({ category: 'harbor_craft' }).map((r) => `${r.port} ${r.year} ${r.phase}`)).toEqual(['POLA 2012 2']);
  });

  it('orders rows by port, pollutant, release, year and rank', () => {
    expect(list.filter((r) => r.port === 'POLB').map((r) => `${r.year} ${r.source_category}`)).toEqual([
      '2005 ocean_going_vessels',
      '2005 heavy_duty_vehicles',
      '2005 cargo_handling_equipment',
      '2018 ocean_going_vessels',
      '2018 heavy_duty_vehicles',
      '2018 cargo_handling_equipment',
    ]);
  });
});
