// Renders one chart in a fresh process and prints its framed SVG and PNG hash: the cross-process half of
// the determinism test (test/render/svg.test.ts). SYNTHETIC data only.
import { createHash } from 'node:crypto';
import { frameSvg, renderSvg, svgToPng } from '../../src/render/index.ts';
import { syntheticDefsSpec } from './synthetic.ts';

const svg = await renderSvg(syntheticDefsSpec(), { idPrefix: 'child' });
const framed = frameSvg(svg, { title: 'Synthetic', source: 'Synthetic data' }, { idPrefix: 'child' });
const png = createHash('sha256').update(svgToPng(framed, { scale: 2 })).digest('hex');
process.stdout.write(JSON.stringify({ svg: framed, png }));
