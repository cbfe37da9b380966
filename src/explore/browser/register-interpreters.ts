/**
 * Loaded with `node --import` (after tsx): registers node-hooks.ts, so arquero's code-generating modules are
 * replaced by the explore page's interpreters for the rest of the process.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../../package-root.ts';

register(pathToFileURL(packagePath('src', 'explore', 'browser', 'node-hooks.ts')).href);
