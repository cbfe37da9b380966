import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { MAX_ISSUES_PER_FILE } from '../../src/ingest/read-resource.ts';
import { loadDataset, validateDataset } from '../../src/ingest/load.ts';
import { MINI_CSV, writeMiniDataset } from '../helpers/mini-dataset.ts';
import { captureIO } from '../helpers/io.ts';
import { runCli } from '../../src/cli/main.ts';

const tmp = () => mkdtemp(join(tmpdir(), 'pe-load-'));

describe('loadDataset', () => {
  it('returns typed records for every resource', async () => {
    const dataset = await loadDataset(await writeMiniDataset(await tmp()));
    expect(dataset.name).toBe('mini-synthetic');
    expect(dataset.records.emissions).toHaveLength(6);
    expect(dataset.records.emissions[0]).toMatchObject({ port: 'PORT_A', year: 2005, value: 1000, qualifier: 'exact', source_ref: ['SYNTHETIC_TEST'] });
    expect(dataset.codelists.ports.get('AB')?.members).toEqual(['PORT_A', 'PORT_B']);
    expect(dataset.records.milestones[0]!.source_categories).toEqual(['ships', 'trucks']);
  });

  it('hashes the dataset deterministically and changes the hash when a byte changes', async () => {
    const a = await loadDataset(await writeMiniDataset(await tmp()));
    const b = await loadDataset(await writeMiniDataset(await tmp()));
    const c = await loadDataset(await writeMiniDataset(await tmp(), { emissions: MINI_CSV.emissions.replace(',500,', ',501,') }));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('collects the errors of every file before failing, and caps the listing per file', async () => {
    const many = MINI_CSV.emissions + Array.from({ length: 60 }, (_, i) => `PORT_A,${1950 + i},all,NOx,absolute,x,ton_per_year,,SYN_2011,inventory,,synthetic,SYNTHETIC_TEST`).join('\n') + '\n';
    const dir = await writeMiniDataset(await tmp(), { emissions: many, throughput: MINI_CSV.throughput.replace('1250000', '-1') });
    const result = await validateDataset(dir);
    expect(result.ok).toBe(false);
    const files = new Set(result.issues.map((i) => i.file));
    expect(files).toEqual(new Set(['data/emissions.csv', 'data/throughput.csv']));
    expect(result.issues.filter((i) => i.file === 'data/emissions.csv')).toHaveLength(MAX_ISSUES_PER_FILE);
    expect(result.unlisted).toBe(10);
    await expect(loadDataset(dir)).rejects.toThrow(PortEmissionsError);
    await expect(loadDataset(dir)).rejects.toThrow('61 problems (10 not listed)');
  });

  it('reports a missing datapackage.json and invalid JSON with the file name', async () => {
    const empty = await tmp();
    expect((await validateDataset(empty)).issues[0]!.message).toMatch(/no datapackage.json/);
    const dir = await writeMiniDataset(await tmp());
    await writeFile(join(dir, 'datapackage.json'), '{"name": ');
    const result = await validateDataset(dir);
    expect(result.issues[0]!.file).toBe('datapackage.json');
    expect(result.issues[0]!.message).toMatch(/not valid JSON/);
  });
});

describe('validate command', () => {
  it('exits 0 with a summary on a valid dataset', async () => {
    const dir = await writeMiniDataset(await tmp());
    const io = captureIO();
    expect(await runCli(['validate', '--data', dir], io)).toBe(0);
    expect(io.out()).toContain('valid: Mini synthetic dataset');
    expect(io.out()).toContain('resources: 14, rows: 30');
    expect(io.out()).toContain('years: 2005-2010');
    const json = captureIO();
    expect(await runCli(['validate', '--data', dir, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ valid: true, ports: ['PORT_A', 'PORT_B'], pollutants: ['NOx'], releases: ['SYN_2011', 'SYN_B_2011'] });
  });

  it('exits 1 with file:line:column lines on stderr when not valid', async () => {
    const dir = await writeMiniDataset(await tmp(), { emissions: MINI_CSV.emissions.replace(',NOx,absolute,500', ',Nox,absolute,500') });
    const io = captureIO();
    expect(await runCli(['validate', '--data', dir], io)).toBe(1);
    expect(io.err().split('\n')[0]).toBe('data/emissions.csv:5:pollutant: unknown pollutant code; found "Nox"; expected a code declared in codelists/pollutants.csv (did you mean NOx?)');
    expect(io.err()).toContain('1 problem; nothing was loaded');
    expect(io.out()).toBe('');
  });

  it('exits 2 on an unknown option', async () => {
    const io = captureIO();
    expect(await runCli(['validate', '--nope'], io)).toBe(2);
    expect(io.err()).toContain("Unknown option '--nope'");
  });
});
