/**
 * Loaded with `node --import` (after tsx): registers node-hooks.ts, so arquero's code-generating modules are
 * replaced by the explore page's interpreters for the rest of the process.
 */
import { register } from 'node:module';

register('./node-hooks.ts', import.meta.url);
