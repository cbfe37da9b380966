import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressStream } from '../../src/report/progress.ts';

/** A stand-in for process.stderr that records every write. */
function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { chunks: string[]; text(): string } {
  const chunks: string[] = [];
  return {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

const ESC = '\u001b';

describe('createProgress on a terminal', () => {
  it('redraws one bar line with \\r and colours the filled part', () => {
    const stream = fakeStream(true);
    const progress = createProgress({ total: 4, label: 'charts', stream, env: {} });
    progress.tick('intensity');
    progress.tick('reductions');
    expect(stream.chunks).toHaveLength(2);
    expect(stream.chunks[0]).toBe(`\r[${ESC}[32m#####${ESC}[0m${ESC}[2m---------------${ESC}[0m] 1/4 charts: intensity`);
    expect(stream.chunks[1]).toContain('] 2/4 charts: reductions');
    expect(stream.text()).not.toContain('\n');
    progress.done('4 charts written to out/');
    expect(stream.chunks.at(-2)).toMatch(/\] 2\/4 charts {12}\n$/);
    expect(stream.chunks.at(-1)).toBe('4 charts written to out/\n');
  });

  it('pads a shorter redraw so no characters of the previous line remain', () => {
    const stream = fakeStream(true);
    const progress = createProgress({ total: 2, label: 'charts', stream, noColor: true });
    progress.tick('a-very-long-chart-identifier');
    progress.tick('b');
    const [first, second] = stream.chunks;
    expect(first).toBe('\r[##########----------] 1/2 charts: a-very-long-chart-identifier');
    expect(second).toBe(`\r[####################] 2/2 charts: b${' '.repeat(27)}`);
    expect(second!.length).toBe(first!.length);
  });

  it('keeps the line narrower than the terminal', () => {
    const stream = fakeStream(true, 40);
    const progress = createProgress({ total: 10, label: 'charts', stream, noColor: true });
    progress.tick('source-category-shares-by-pollutant');
    const line = stream.chunks[0]!.slice(1);
    expect(line.length).toBe(39);
    expect(line).toBe('[##------------------] 1/10 charts: so…');
  });

  it('respects NO_COLOR from the environment: the same bar with no escape codes', () => {
    const stream = fakeStream(true);
    const progress = createProgress({ total: 3, label: 'slides', stream, env: { NO_COLOR: '1' } });
    progress.tick('title');
    progress.done();
    expect(stream.text()).not.toContain(ESC);
    expect(stream.chunks[0]).toBe('\r[#######-------------] 1/3 slides: title');
  });

  it('treats an empty NO_COLOR as unset and TERM=dumb as no colour', () => {
    const coloured = fakeStream(true);
    createProgress({ total: 1, label: 'x', stream: coloured, env: { NO_COLOR: '' } }).tick();
    expect(coloured.text()).toContain(ESC);
    const dumb = fakeStream(true);
    createProgress({ total: 1, label: 'x', stream: dumb, env: { TERM: 'dumb' } }).tick();
    expect(dumb.text()).not.toContain(ESC);
  });

  it('takes the terminal flag from the stream by default', () => {
    const stream = fakeStream(true);
    createProgress({ total: 1, label: 'charts', stream, noColor: true }).tick('x');
    expect(stream.chunks[0]!.startsWith('\r[')).toBe(true);
  });
});

describe('createProgress off a terminal', () => {
  it('prints one plain line per item and a closing line, never an escape code', () => {
    const stream = fakeStream(false);
    const progress = createProgress({ total: 40, label: 'charts', stream, env: {} });
    progress.tick('intensity');
    progress.tick();
    progress.done('40 charts');
    expect(stream.text()).toBe('charts 1/40 intensity\ncharts 2/40\ncharts done: 40 charts\n');
  });

  it('ends with "label done" when there is no summary, once only', () => {
    const stream = fakeStream(false);
    const progress = createProgress({ total: 0, label: 'charts', stream });
    progress.done();
    progress.done('again');
    progress.tick('late');
    expect(stream.text()).toBe('charts done\n');
  });

  it('shows control characters in labels escaped so data cannot drive the terminal', () => {
    const stream = fakeStream(false);
    const progress = createProgress({ total: 1, label: 'charts', stream });
    progress.tick(`evil\r${ESC}[2Jname\n`);
    expect(stream.text()).toBe('charts 1/1 evil\\u000D\\u001B[2Jname\\u000A\n');
  });
});

describe('createProgress with quiet', () => {
  it('prints nothing on a terminal or off it', () => {
    for (const isTTY of [true, false]) {
      const stream = fakeStream(isTTY);
      const progress = createProgress({ total: 2, label: 'charts', stream, quiet: true });
      progress.tick('a');
      progress.tick('b');
      progress.done('done');
      expect(stream.chunks).toEqual([]);
    }
  });
});
