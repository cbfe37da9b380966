import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/errors.ts';
import { validateDataset } from '../../src/ingest/load.ts';
import { calendarDateProblem, isoDate, partialDate, requiredText, text, textProblem, TEXT_LIMITS } from '../../src/schema/fields.ts';
import { writeMiniDataset } from '../helpers/mini-dataset.ts';

describe('calendar dates', () => {
  it('accepts a year, a month and a day that exist, 29 February in leap years only', () => {
    for (const ok of ['2027', '2027-02', '2027-02-28', '2024-02-29', '2000-02-29', '1900-01-01', '2100-12-31', '2027-04-30']) expect(calendarDateProblem(ok, 'any'), ok).toBeUndefined();
    expect(calendarDateProblem('2023-02-29', 'any')).toBe('a real calendar date (day 01 to 28 in 2023-02)');
    expect(calendarDateProblem('1900-02-29', 'any')).toBe('a real calendar date (day 01 to 28 in 1900-02)');
    expect(calendarDateProblem('2027-04-31', 'day')).toBe('a real calendar date (day 01 to 30 in 2027-04)');
    expect(calendarDateProblem('2027-00', 'any')).toBe('a real calendar date (month 01 to 12)');
    expect(calendarDateProblem('2027-13-01', 'day')).toBe('a real calendar date (month 01 to 12)');
    expect(calendarDateProblem('2027-01-00', 'day')).toBe('a real calendar date (day 01 to 31 in 2027-01)');
    expect(calendarDateProblem('0000', 'any')).toBe('a real calendar date (year from 1900 to 2100)');
    expect(calendarDateProblem('2027', 'day')).toBe('a date as YYYY-MM-DD');
    expect(calendarDateProblem('2027-2-3', 'any')).toBe('a year, YYYY-MM or YYYY-MM-DD');
  });

  it('keeps a valid date as written (no rollover to another day)', () => {
    expect(isoDate.parse(' 2024-02-29 ')).toBe('2024-02-29');
    expect(partialDate.parse('2011-06')).toBe('2011-06');
    expect(partialDate.safeParse('2027-02-30').success).toBe(false);
  });
});

describe('text fields', () => {
  it('names the first character no output can carry and where it is', () => {
    expect(textProblem('a\u000bb', 10)).toBe('text without control characters (found U+000B (vertical tab) at character 2)');
    expect(textProblem('\u0000', 10)).toBe('text without control characters (found U+0000 (NUL) at character 1)');
    expect(textProblem('x\u009b2J', 10)).toBe('text without control characters (found U+009B (C1 control character) at character 2)');
    expect(textProblem('ab\udc00', 10)).toBe('text without control characters (found U+DC00 (unpaired surrogate) at character 3)');
    expect(textProblem('\ufffe', 10)).toBe('text without control characters (found U+FFFE (non-character) at character 1)');
  });

  it('accepts tabs, line breaks, any printable script and emoji (paired surrogates)', () => {
    for (const ok of ['a\tb', 'two\nlines', 'crlf\r\nline', 'Ｎ Ｏｘ', '東京港', 'ÅÄÖ', '👩‍👩‍👧', 'نص']) expect(textProblem(ok, 100), ok).toBeUndefined();
  });

  it('caps each kind of text and says the length found and the limit', () => {
    expect(textProblem('x'.repeat(TEXT_LIMITS.label), TEXT_LIMITS.label)).toBeUndefined();
    expect(textProblem('x'.repeat(1_500_000), TEXT_LIMITS.title)).toBe('at most 1,000 characters (this value has 1,500,000)');
    expect(requiredText.safeParse('x'.repeat(201)).success).toBe(false);
    expect(text.safeParse('x'.repeat(2000)).success).toBe(true);
    expect(text.safeParse('x'.repeat(2001)).success).toBe(false);
  });
});

describe("the descriptor's texts", () => {
  it('rejects a dataset title with an escape sequence or over the title limit, naming the property', async () => {
    const dir = await writeMiniDataset(await mkdtemp(join(tmpdir(), 'pe-fields-')));
    const path = join(dir, 'datapackage.json');
    const descriptor = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...descriptor, title: 'Mini \u001b]52;c;aGk=\u0007 dataset' }));
    expect((await validateDataset(dir)).issues.map(formatIssue)).toEqual(['datapackage.json:title: text without control characters (found U+001B (escape) at character 6); found "Mini \\u001b]52;c;aGk=\\u0007 dataset"']);
    await writeFile(path, JSON.stringify({ ...descriptor, title: 'T'.repeat(1001), sources: [{ title: 'S\u0000' }] }));
    expect((await validateDataset(dir)).issues.map(formatIssue)).toEqual([
      `datapackage.json:title: at most 1,000 characters (this value has 1,001); found "${'T'.repeat(200)}... (801 more characters)"`,
      'datapackage.json:sources.0.title: text without control characters (found U+0000 (NUL) at character 2); found "S\\u0000"',
    ]);
  });
});
