import { crc32, deflateSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { buildDeck, MAX_SOURCE_SLIDES, shortTitle, SOURCE_TITLE_CHARS, SOURCES_PER_SLIDE, type DeckSpec } from '../../src/report/deck.ts';
import { readZip, xmlTexts, type ZipContents } from '../helpers/zip.ts';

/** A valid RGB PNG of the given size, one flat colour: enough to check placement without a renderer. */
function syntheticPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const picture = syntheticPng(40, 20);

/** A small synthetic deck: the figures are invented for the test and describe no real port. */
function syntheticSpec(): DeckSpec {
  return {
    title: 'Synthetic board pack <script>alert(1)</script> & "quotes"',
    subtitle: 'Test data only',
    meta: 'dataset sha256:0000 · port-emissions 0.0.0-test',
    slides: [
      {
        id: 'synthetic-trend',
        title: 'NOx falls <fast> & steadily',
        subtitle: 'Synthetic tons per year',
        sourceLine: 'Source: synthetic generator [S1]',
        frameLine: 'Release test-1 · baseline 2005',
        notes: 'Synthetic narrative: NOx fell 50 % since 2005.\nCitation: [S1] synthetic generator',
        native: {
          type: 'line',
          categories: ['2005', '2006', '2007'],
          series: [
            { name: 'Synthetic Port A', values: [100, null, 50], color: '0072b2' },
            { name: 'Synthetic Port B', values: [80, 70.5, -1] },
          ],
          yAxisTitle: 'tons per year',
          xAxisTitle: 'year',
        },
      },
      {
        id: 'synthetic-shares',
        title: 'Shares by synthetic category',
        sourceLine: 'Source: synthetic generator [S1]',
        frameLine: 'Release test-1 · baseline 2005',
        notes: 'Synthetic stacked shares.',
        native: {
          type: 'stackedBar',
          categories: ['2005', '2023'],
          series: [
            { name: 'Synthetic vessels', values: [-60.5, -40] },
            { name: 'Synthetic trucks', values: [-20, -10.25] },
          ],
          percent: true,
        },
      },
      {
        id: 'synthetic-picture',
        title: 'A rendered synthetic chart',
        sourceLine: 'Source: synthetic generator [S1]',
        frameLine: 'Release test-1 · baseline 2005',
        notes: 'Picture slide notes & <angle brackets>.',
        png: { data: picture, widthPx: 40, heightPx: 20 },
      },
    ],
    sources: [
      { ref: 'S1', title: 'Synthetic generator', url: 'https://example.org/synthetic?a=1&b=2', confidence: 'high' },
      { ref: 'S2', title: 'Synthetic note without link' },
      { ref: 'S3', title: 'Synthetic odd link', url: 'javascript:alert(1)' },
    ],
  };
}

function slideTexts(zip: ZipContents, n: number): string[] {
  return xmlTexts(zip.text(`ppt/slides/slide${n}.xml`), 'a:t');
}

function slideCount(zip: ZipContents): number {
  return zip.match(/^ppt\/slides\/slide\d+\.xml$/).length;
}

/** The file a slide's relationship of the given type points at, resolved from ppt/slides/. */
function slideTargets(zip: ZipContents, n: number, type: string): string[] {
  const rels = zip.text(`ppt/slides/_rels/slide${n}.xml.rels`);
  return [...rels.matchAll(/<Relationship [^>]*>/g)]
    .map((match) => match[0])
    .filter((rel) => rel.includes(`/relationships/${type}"`))
    .map((rel) => /Target="([^"]+)"/.exec(rel)![1]!)
    .map((target) => (target.startsWith('/') ? target.slice(1) : target.replace(/^\.\.\//, 'ppt/')));
}

describe('buildDeck', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a 16:9 deck: title slide, one slide per chart, a sources slide', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    expect(slideCount(zip)).toBe(5);
    const presentation = zip.text('ppt/presentation.xml');
    expect(presentation).toContain('<p:sldSz cx="12192000" cy="6858000"');
    expect(presentation.match(/<p:sldId /g)).toHaveLength(5);
    expect(slideTexts(zip, 1)).toEqual([
      'Synthetic board pack <script>alert(1)</script> & "quotes"',
      'Test data only',
      'dataset sha256:0000 · port-emissions 0.0.0-test',
    ]);
  });

  it('escapes markup in titles: the text round-trips and no raw tag reaches any XML part', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    expect(zip.text('ppt/slides/slide1.xml')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(slideTexts(zip, 2)[0]).toBe('NOx falls <fast> & steadily');
    for (const name of zip.match(/\.xml$/)) expect(zip.text(name)).not.toContain('<script>');
    expect(zip.text('docProps/core.xml')).toContain('<dc:title>Synthetic board pack &lt;script&gt;');
  });

  it('puts the chart frame on each chart slide', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    expect(slideTexts(zip, 2)).toEqual([
      'NOx falls <fast> & steadily',
      'Synthetic tons per year',
      'Source: synthetic generator [S1]',
      'Release test-1 · baseline 2005',
    ]);
    expect(slideTexts(zip, 3)).toEqual([
      'Shares by synthetic category',
      'Source: synthetic generator [S1]',
      'Release test-1 · baseline 2005',
    ]);
  });

  it('draws native line and stacked bar charts holding the series names and values', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    const [lineTarget] = slideTargets(zip, 2, 'chart');
    const [barTarget] = slideTargets(zip, 3, 'chart');
    expect(lineTarget).toMatch(/^ppt\/charts\/chart\d+\.xml$/);
    expect(zip.text('ppt/slides/slide2.xml')).toContain('<c:chart ');
    expect(zip.text('ppt/slides/slide2.xml')).toContain('name="chart synthetic-trend" descr="NOx falls &lt;fast&gt; &amp; steadily"');

    const line = zip.text(lineTarget!);
    expect(line).toContain('<c:lineChart>');
    expect(xmlTexts(line, 'c:v')).toEqual([
      'Synthetic Port A', '2005', '2006', '2007', '100', '50',
      'Synthetic Port B', '2005', '2006', '2007', '80', '70.5', '-1',
    ]);
    // The missing 2006 value is a missing point (a gap), not an empty one.
    expect(line).toContain('<c:ptCount val="3"/><c:pt idx="0"><c:v>100</c:v></c:pt><c:pt idx="2"><c:v>50</c:v></c:pt>');
    expect(line).toContain('<c:dispBlanksAs val="gap"/>');
    expect(line).toContain('<a:srgbClr val="0072B2"/>');
    expect(xmlTexts(line, 'a:t')).toEqual(['year', 'tons per year']);

    const bar = zip.text(barTarget!);
    expect(bar).toContain('<c:barDir val="col"/>');
    expect(bar).toContain('<c:grouping val="stacked"/>');
    expect(bar).toContain('<c:overlap val="100"/>');
    expect(xmlTexts(bar, 'c:v')).toEqual([
      'Synthetic vessels', '2005', '2023', '-60.5', '-40',
      'Synthetic trucks', '2005', '2023', '-20', '-10.25',
    ]);
    expect(bar).toContain('<c:numFmt formatCode="#,##0\\%" sourceLinked="0"/>');
  });

  it('draws years spaced by value as a scatter chart: plain year labels, lines joined across missing years, targets thin and dashed', async () => {
    const spec = syntheticSpec();
    spec.slides = [
      {
        id: 'synthetic-years',
        title: 'SYNTHETIC years spaced by value',
        sourceLine: 'Source: synthetic',
        frameLine: '',
        notes: '',
        native: {
          type: 'scatter',
          categories: ['2018', '2023', '2030'],
          xValues: [2018, 2023, 2030],
          series: [
            { name: 'Synthetic basin', values: [350, null, 230], color: '595959' },
            { name: 'Synthetic target 60', values: [60, null, 60], color: 'D55E00', reference: true },
            { name: 'Synthetic basin, another document', values: [340, 260, 220], color: '595959', dash: 'sysDot' },
          ],
          yAxisTitle: 'synthetic tons per day',
        },
      },
    ];
    const zip = readZip(await buildDeck(spec));
    const [target] = slideTargets(zip, 2, 'chart');
    const xml = zip.text(target!);
    expect(xml).toContain('<c:scatterChart>');
    expect(xmlTexts(xml, 'c:v')).toEqual([
      'Synthetic basin', '2018', '2023', '2030', '350', '230',
      'Synthetic target 60', '2018', '2023', '2030', '60', '60',
      'Synthetic basin, another document', '2018', '2023', '2030', '340', '260', '220',
    ]);
    expect(xml).toContain('<c:dispBlanksAs val="span"/>');
    // The x axis (years) is the first value axis: "2018", not "2,018"; the y axis keeps its separators.
    const axes = [...xml.matchAll(/<c:valAx>[\s\S]*?<c:numFmt formatCode="([^"]*)"/g)].map((m) => m[1]);
    expect(axes).toEqual(['0', '#,##0']);
    const series = [...xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => m[0]);
    expect(series[0]).toContain('<a:prstDash val="solid"/>');
    expect(series[1]).toContain('<a:ln w="12700"');
    expect(series[1]).toContain('<a:prstDash val="dash"/>');
    expect(series[1]).toContain('<c:symbol val="none"/>');
    // A series with a dash keeps its width and markers, in that dash.
    expect(series[2]).toContain('<a:prstDash val="sysDot"/>');
    expect(series[2]).not.toContain('<c:symbol val="none"/>');
    expect(series[2]).not.toContain('<a:ln w="12700"');
  });

  it('embeds editable chart data with no empty value cells', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    const workbooks = zip.match(/^ppt\/embeddings\/.+\.xlsx$/);
    expect(workbooks).toHaveLength(2);
    const sheet = readZip(zip.bytes(workbooks[0]!)).text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="B3"/>');
    expect(sheet).not.toContain('<v></v>');
  });

  it('places the PNG in an image part, scaled to fit with its aspect ratio kept', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    const [image] = slideTargets(zip, 4, 'image');
    expect(image).toMatch(/^ppt\/media\/.+\.png$/);
    expect(zip.bytes(image!).equals(Buffer.from(picture))).toBe(true);
    const slide = zip.text('ppt/slides/slide4.xml');
    const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(slide)![0];
    expect(pic).toContain('name="chart synthetic-picture" descr="A rendered synthetic chart"');
    const [, x, , cx, cy] = /<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic)!.map(Number);
    expect(cx! / cy!).toBeCloseTo(2, 3);
    // The picture carries its own frame (subtitle, notes, source line, provenance), so the slide repeats none
    // of it: 40x20 px into the 12.333 x 6.2 in box under the title, width-bound (6.17 in high), centred
    // across the 13.333 in slide.
    expect(cx).toBe(Math.round(((13.333 - 2 * 0.5) * 914400)));
    expect(cy).toBe(Math.round((13.333 - 2 * 0.5) / 2 * 914400));
    expect(x! + cx! / 2).toBeCloseTo(12192000 / 2, -3);
    expect(slideTexts(zip, 4).join(' ')).not.toContain('Source: synthetic');
  });

  it('writes the narrative and citations as speaker notes', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    const notes = (n: number): string => xmlTexts(zip.text(`ppt/notesSlides/notesSlide${n}.xml`), 'a:t')[0]!;
    expect(notes(2).replace(/\r\n/g, '\n')).toBe(
      'Synthetic narrative: NOx fell 50 % since 2005.\nCitation: [S1] synthetic generator',
    );
    expect(notes(4)).toBe('Picture slide notes & <angle brackets>.');
  });

  it('closes with the sources, one short line each, linking web addresses only', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    expect(slideTexts(zip, 5)).toEqual([
      'Sources',
      '[S1] Synthetic generator (high)',
      '[S2] Synthetic note without link',
      '[S3] Synthetic odd link',
      "Codes as in the dataset's sources list; (A)-(D): confidence grade. Full titles and addresses in this slide's notes, the report's appendix and the export README.",
    ]);
    expect(slideTargets(zip, 5, 'hyperlink')).toEqual(['https://example.org/synthetic?a=1&amp;b=2']);
    // The full entries, addresses included, are the slide's speaker notes.
    const notes = xmlTexts(zip.text('ppt/notesSlides/notesSlide5.xml'), 'a:t')[0]!.replace(/\r\n/g, '\n');
    expect(notes).toBe('[S1] Synthetic generator (confidence: high) https://example.org/synthetic?a=1&b=2\n[S2] Synthetic note without link\n[S3] Synthetic odd link javascript:alert(1)');
  });

  it('puts any number of sources on at most two slides, in two columns, long titles cut', async () => {
    const spec = syntheticSpec();
    const long = 'Synthetic source with a title far too long for one line of a two-column sources slide';
    spec.sources = Array.from({ length: 3 * SOURCES_PER_SLIDE }, (_, i) => ({ ref: `S${i + 1}`, title: `${long} ${i + 1}`, confidence: 'C' }));
    const zip = readZip(await buildDeck(spec));
    expect(slideCount(zip)).toBe(1 + 3 + MAX_SOURCE_SLIDES);
    const first = slideTexts(zip, 5);
    expect(first[0]).toBe('Sources (1/2)');
    expect(first.slice(1, -1)).toHaveLength(1.5 * SOURCES_PER_SLIDE);
    expect(first[1]).toBe(`[S1] ${shortTitle(long)} (C)`);
    expect(shortTitle(long).length).toBeLessThanOrEqual(SOURCE_TITLE_CHARS);
    expect(shortTitle(long).endsWith('\u2026')).toBe(true);
    expect(slideTexts(zip, 6).at(-2)).toBe(`[S${3 * SOURCES_PER_SLIDE}] ${shortTitle(`${long} ${3 * SOURCES_PER_SLIDE}`)} (C)`);
  });

  it('opens with a key-findings slide after the title slide when given key figures', async () => {
    const spec = syntheticSpec();
    spec.keyFigures = [
      { value: '\u221250%', label: 'SYNTHETIC NOx below the 2005 baseline', context: 'Port A, 2012, as published', source: 'Source: [S1] (confidence A)' },
      { value: '77%', label: 'SYNTHETIC DPM target for 2023: met', context: 'Port A and Port B', source: '' },
    ];
    const zip = readZip(await buildDeck(spec));
    expect(slideCount(zip)).toBe(6);
    expect(slideTexts(zip, 2)).toEqual([
      'Key findings',
      '\u221250%',
      'SYNTHETIC NOx below the 2005 baseline',
      'Port A, 2012, as published',
      'Source: [S1] (confidence A)',
      '77%',
      'SYNTHETIC DPM target for 2023: met',
      'Port A and Port B',
    ]);
    expect(slideTexts(zip, 3)[0]).toBe('NOx falls <fast> & steadily');
  });

  it('writes well-formed XML with at most one paragraph-properties element, first, in each paragraph', async () => {
    const zip = readZip(await buildDeck(syntheticSpec()));
    for (const name of zip.match(/\.(xml|rels)$/)) {
      const parser = new SaxesParser();
      expect(() => parser.write(zip.text(name)).close(), name).not.toThrow();
    }
    for (const name of zip.match(/^ppt\/slides\/slide\d+\.xml$/)) {
      for (const paragraph of zip.text(name).match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []) {
        const pPr = paragraph.match(/<a:pPr\b/g) ?? [];
        expect(pPr.length, `${name}: ${paragraph.slice(0, 120)}`).toBeLessThanOrEqual(1);
        if (pPr.length === 1) expect(paragraph.startsWith('<a:p><a:pPr')).toBe(true);
      }
    }
  });

  it('is a consistent package: every content-type override and internal relationship points at a part', async () => {
    // Built twice so chart numbering from an earlier deck in the same process cannot leak into this one.
    await buildDeck(syntheticSpec());
    const zip = readZip(await buildDeck(syntheticSpec()));
    expect(zip.names[0]).toBe('[Content_Types].xml');
    expect(zip.match(/^ppt\/charts\/chart\d+\.xml$/)).toEqual(['ppt/charts/chart1.xml', 'ppt/charts/chart2.xml']);
    for (const [, part] of zip.text('[Content_Types].xml').matchAll(/<Override PartName="\/([^"]+)"/g)) {
      expect(zip.has(part!), `override for ${part}`).toBe(true);
    }
    for (const relsName of zip.match(/\.rels$/)) {
      const base = relsName.replace(/_rels\/[^/]*\.rels$/, '');
      for (const [rel] of zip.text(relsName).matchAll(/<Relationship\b[^>]*>/g)) {
        if (rel.includes('TargetMode="External"')) continue;
        const target = /Target="([^"]+)"/.exec(rel)![1]!;
        const resolved = target.startsWith('/') ? target.slice(1) : new URL(target, `file:///${base}`).pathname.slice(1);
        expect(zip.has(resolved), `${relsName} -> ${target}`).toBe(true);
      }
    }
  });

  it('gives the same bytes at different times, dates pinned in the deck and its embedded workbooks', async () => {
    const spec = syntheticSpec();
    // Nine series: one more than pptxgenjs's default palette, where it would otherwise pick colours at random.
    spec.slides[0]!.native!.series = Array.from({ length: 9 }, (_, i) => ({ name: `Synthetic ${i}`, values: [i, i + 1, null] }));
    vi.useFakeTimers({ now: new Date('2031-01-02T03:04:05Z'), toFake: ['Date'] });
    const first = await buildDeck(spec, { date: new Date('2024-09-30T00:00:00Z') });
    vi.setSystemTime(new Date('2033-06-07T08:09:10Z'));
    const second = await buildDeck(spec, { date: new Date('2024-09-30T00:00:00Z') });
    vi.useRealTimers();
    expect(first.equals(second)).toBe(true);

    const zip = readZip(first);
    const core = zip.text('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-09-30T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-09-30T00:00:00Z</dcterms:modified>');
    for (const workbook of zip.match(/^ppt\/embeddings\/.+\.xlsx$/)) {
      const inner = readZip(zip.bytes(workbook));
      expect(inner.text('docProps/core.xml')).toContain('>2024-09-30T00:00:00Z</dcterms:created>');
      expect(new Set(inner.entries.map((entry) => entry.modified.toISOString()))).toEqual(new Set(['2024-09-30T00:00:00.000Z']));
    }
    expect(new Set(zip.entries.map((entry) => entry.modified.toISOString()))).toEqual(new Set(['2024-09-30T00:00:00.000Z']));
    expect(zip.names.some((name) => name.endsWith('/'))).toBe(false);
  });

  it('explains a chart it cannot draw', async () => {
    const spec = syntheticSpec();
    spec.slides[0]!.native!.series[1]!.values = [1, 2];
    const error = await buildDeck(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).message).toBe('Chart synthetic-trend: series "Synthetic Port B" has 2 values for 3 categories');
    expect((error as PortEmissionsError).hint).toBe('give one value (or null) per category');

    const noPicture = syntheticSpec();
    delete noPicture.slides[2]!.png;
    await expect(buildDeck(noPicture)).rejects.toThrow('Chart synthetic-picture: the slide has neither a native chart nor a PNG');

    const badValue = syntheticSpec();
    badValue.slides[1]!.native!.series[0]!.values = [Number.NaN, 1];
    await expect(buildDeck(badValue)).rejects.toThrow('Chart synthetic-shares: series "Synthetic vessels" holds NaN');
  });
});
