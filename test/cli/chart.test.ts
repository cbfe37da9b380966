/**
 * The `chart` command on the embedded dataset: it writes the file asked for (atomically, nothing else in
 * the folder), prints its path, and refuses bad options with exit code 2.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIO } from '../helpers/io.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pe-chart-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('port-emissions chart', () => {
  it('writes an SVG to reports/out/charts/<id>.svg by default and prints the path', async () => {
    const cwd = tempDir();
    const io = captureIO(cwd);
    expect(await runCli(['chart', 'throughput'], io)).toBe(0);
    expect(io.out()).toBe('reports/out/charts/throughput.svg\n');
    const svg = readFileSync(join(cwd, 'reports/out/charts/throughput.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Port of Los Angeles handled 8.63 million TEU in 2023');
    // Written through a temporary file renamed into place: nothing else is left beside it.
    expect(readdirSync(join(cwd, 'reports/out/charts'))).toEqual(['throughput.svg']);
  });

  it('writes a PNG at the scale asked for, with filters, to --out', async () => {
    const cwd = tempDir();
    const io = captureIO(cwd);
    const code = await runCli(['chart', 'reductions', '--pollutant', 'DPM', '--port', 'POLA', '--format', 'png', '--scale', '1', '--out', 'dpm.png'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toBe('dpm.png\n');
    const png = readFileSync(join(cwd, 'dpm.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('lists the catalogue', async () => {
    const io = captureIO(tempDir());
    expect(await runCli(['chart', '--list'], io)).toBe(0);
    expect(io.out()).toMatch(/^reductions {9}--port --pollutant --category --baseline --from --to\n/);
    expect(io.out()).toContain('coop-timeline      --category --from --to');
  });

  it.each([
    [['chart'], 'chart needs a chart id'],
    [['chart', 'reductoins'], "unknown chart 'reductoins'"],
    [['chart', 'reductions', 'targets'], 'chart takes one chart id, found 2: reductions targets'],
    [['chart', 'reductions', '--format', 'gif'], "--format expects svg or png, found 'gif'"],
    [['chart', 'reductions', '--scale', '2'], '--scale applies to --format png only'],
    [['chart', 'reductions', '--format', 'png', '--scale', '0'], "--scale expects a number above 0 and at most 16, found '0'"],
    [['chart', 'reductions', '--port', 'POLX'], "unknown port 'POLX'"],
    [['chart', 'coop-timeline', '--pollutant', 'NOx'], 'chart coop-timeline does not take --pollutant; it takes --category, --from and --to'],
    [['chart', 'reductions', '--from', '05'], "--from expects a four-digit year, found '05'"],
    [['chart', 'reductions', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with exit code 2', async (args, message) => {
    const cwd = tempDir();
    const io = captureIO(cwd);
    expect(await runCli(args, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('names the flags where the library names its options', async () => {
    const io = captureIO(tempDir());
    expect(await runCli(['chart', 'emissions', '--from', '2010', '--to', '2005'], io)).toBe(2);
    expect(io.err()).toContain('port-emissions: --from (2010) is after --to (2005)');
    expect(io.err()).not.toContain('the option');
    expect(io.err()).toContain('hint: run `port-emissions chart --list` for the charts and the flags each takes');
  });
});
