/**
 * A Node module-resolution hook (node:module `register`) that loads the explore page's replacements of
 * arquero's code-generating modules (arquero-replacements.ts) instead of arquero's own, so that arquero runs
 * under `node --disallow-code-generation-from-strings` as it runs in the page. Registered by
 * register-interpreters.ts: `node --import tsx --import ./src/explore/browser/register-interpreters.ts ...`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arqueroReplacement } from './arquero-replacements.ts';

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

/** Resolves as Node does, then swaps a code-generating arquero module for its replacement. */
export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<ResolveResult> {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith('file:')) return resolved;
  const replacement = arqueroReplacement(fileURLToPath(resolved.url));
  if (replacement === undefined) return resolved;
  // Resolved through the rest of the chain too, so a TypeScript loader (tsx) marks it as its own to load.
  return nextResolve(pathToFileURL(replacement).href, context);
}
