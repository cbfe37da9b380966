/**
 * A script bundled as the explore page's script is (bundleForExplorePage) and run by the browser test under
 * the page's policy: runs the arquero battery (test/analysis/arquero-battery.ts, SYNTHETIC tables) and
 * puts the results, as JSON, in the document for the test to read.
 */
import { FIXED_TABLES, runBattery } from '../analysis/arquero-battery.ts';

const out = document.getElementById('out')!;
out.textContent = runBattery(FIXED_TABLES);
document.documentElement.dataset.ready = 'true';
