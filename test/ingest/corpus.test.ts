import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../fixtures/corpus.ts';
import { CORPUS_DIR, corpusErrors } from '../fixtures/run-corpus.ts';

// Each bad input of the corpus must produce exactly its expected errors (file:line:column: message...).
describe('bad-input corpus', () => {
  it('covers every case with committed input and expected files', async () => {
    for (const c of CORPUS) {
      const meta = JSON.parse(await readFile(join(CORPUS_DIR, c.name, 'case.json'), 'utf8'));
      expect(meta.description).toBe(c.description);
      if (c.resource && c.content !== undefined) {
        const committed = await readFile(join(CORPUS_DIR, c.name, 'input.csv'));
        expect(Buffer.compare(committed, Buffer.from(c.content))).toBe(0);
      }
    }
  });

  for (const c of CORPUS) {
    it(`${c.name}: ${c.description}`, async () => {
      const expected = (await readFile(join(CORPUS_DIR, c.name, 'expected.txt'), 'utf8')).split('\n').filter((l) => l !== '');
      const actual = await corpusErrors(c);
      expect(actual).toEqual(expected);
      if (c.name.startsWith('ok-')) expect(actual).toEqual([]);
      else expect(actual.length).toBeGreaterThan(0);
    });
  }
});
