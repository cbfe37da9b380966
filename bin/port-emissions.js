#!/usr/bin/env node
// The `port-emissions` command: runs the compiled CLI (bin/build/main.js, built from src/ by `npm install`'s
// prepare script, bin/build.mjs) in this one Node process. When src/ has changed since that build (a
// checkout being worked on), it rebuilds first, saying so on stderr, so it never runs stale code.
import { isStale } from './build.mjs';

if (isStale()) {
  console.error('port-emissions: bin/build/ is missing or older than src/: building it (npm run build)');
  const { build } = await import('./build.mjs');
  try {
    await build({ clean: false });
  } catch (error) {
    console.error(`port-emissions: could not build the CLI into bin/build/: ${error instanceof Error ? error.message : String(error)}`);
    console.error('port-emissions: run npm install (or npm run build) in the port-emissions folder');
    process.exit(70);
  }
}
// Stack frames name src/ files and lines (the build's source maps), so an internal error says where in src/.
process.setSourceMapsEnabled(true);
const { runCli } = await import('./build/main.js');
process.exitCode = await runCli(process.argv.slice(2));
