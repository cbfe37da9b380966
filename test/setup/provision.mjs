#!/usr/bin/env node
// Installs what `npm test` needs beyond npm: Debian's chromium (the browser test of the report) and Jupyter's
// nbconvert with its kernel client (the notebooks). Run by `npm test` (test/setup/test.sh) and by
// `npm run notebooks` before anything else.
//
//   node test/setup/provision.mjs            # chromium and jupyter
//   node test/setup/provision.mjs jupyter    # only what the notebooks need (chromium: only the browser)
//
// When everything is present this is a check of two paths, no process started. When something is missing,
// on Debian/Ubuntu it runs `apt-get update` once and `apt-get install -y --no-install-recommends ...`, as
// root directly or through `sudo -n`; where it cannot (not root and no password-less sudo, or no apt-get) it
// fails with the one command to run. It never lets a test run without what the test needs.
// CHROMIUM_PATH names another chromium binary (default /usr/bin/chromium), as for the browser test.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What each part of the test run needs: how to find it, and the Debian packages that provide it. */
export const NEEDS = {
  chromium: {
    packages: ['chromium'],
    find: (facts) => (facts.isExecutable(facts.chromiumPath) ? facts.chromiumPath : null),
    describe: (facts) => `chromium (${facts.chromiumPath})`,
    other: (facts) => `install Chromium and point CHROMIUM_PATH at it (looked for ${facts.chromiumPath})`,
  },
  jupyter: {
    // nbconvert --execute needs nbclient, which needs jupyter-client and jupyter-core: all four are named so
    // the install does not depend on which of them Debian's package relations pull in.
    packages: ['jupyter-nbconvert', 'python3-nbclient', 'jupyter-client', 'jupyter-core'],
    find: (facts) => facts.which('jupyter-nbconvert'),
    describe: () => 'jupyter-nbconvert (on PATH)',
    other: () => 'install Jupyter nbconvert (e.g. `pip install nbconvert nbclient`) so that jupyter-nbconvert is on PATH',
  },
};

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const aptCommands = (packages) => [
  ['apt-get', 'update', '-q'],
  ['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...packages],
];
const shell = (argv) => argv.join(' ');

/**
 * What to do for the needs `wanted`, from facts about the machine. Returns
 * { missing, action: 'none' } | { missing, action: 'install', prefix, commands } | { missing, action: 'fail', message }.
 */
export function plan(facts, wanted) {
  const missing = wanted.filter((name) => !NEEDS[name].find(facts));
  if (missing.length === 0) return { missing, action: 'none' };
  const packages = missing.flatMap((name) => NEEDS[name].packages);
  const what = missing.map((name) => NEEDS[name].describe(facts)).join(' and ');
  const commands = aptCommands(packages);
  const byHand = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!facts.which('apt-get')) {
    return {
      missing,
      action: 'fail',
      message: `missing ${what}, and this is not a Debian/Ubuntu machine (no apt-get), so it cannot be installed for you: ` +
        `${missing.map((name) => NEEDS[name].other(facts)).join('; ')}; then run npm test again.`,
    };
  }
  let prefix = [];
  if (facts.uid !== 0) {
    if (!facts.which('sudo') || !facts.canSudo()) {
      return {
        missing,
        action: 'fail',
        message: `missing ${what}. Installing it needs root, and this user is not root and has no password-less sudo. ` +
          `Run as root (or with sudo): ${byHand}\nthen run npm test again. ` +
          `(Where Debian packages may not be installed: ${missing.map((name) => NEEDS[name].other(facts)).join('; ')}.)`,
      };
    }
    prefix = ['sudo', '-n', 'env', ...Object.entries(APT_ENV).map(([k, v]) => `${k}=${v}`)];
  }
  return { missing, action: 'install', commands: commands.map((argv) => [...prefix, ...argv]) };
}

/** The facts of this machine. */
export function machine(env = process.env) {
  const isExecutable = (path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  const which = (command) => {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && isExecutable(join(dir, command))) return join(dir, command);
    }
    return null;
  };
  return {
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    isExecutable,
    which,
    canSudo: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status === 0,
  };
}

function main(argv) {
  const log = (line) => console.log(`provision: ${line}`);
  const fail = (message) => {
    console.error(`provision: ${message}`);
    process.exit(1);
  };
  const wanted = argv.length > 0 ? argv : Object.keys(NEEDS);
  for (const name of wanted) if (!(name in NEEDS)) fail(`unknown need "${name}" (known: ${Object.keys(NEEDS).join(', ')})`);
  const facts = machine();
  const started = Date.now();
  const step = plan(facts, wanted);
  if (step.action === 'none') {
    log(`${wanted.map((name) => `${NEEDS[name].describe(facts).split(' ')[0]} ${NEEDS[name].find(facts)}`).join(', ')}: present, nothing to install`);
    return;
  }
  if (step.action === 'fail') fail(step.message);
  log(`missing ${step.missing.map((name) => NEEDS[name].describe(facts)).join(' and ')}: installing Debian packages`);
  for (const command of step.commands) {
    log(shell(command));
    const run = spawnSync(command[0], command.slice(1), { env: { ...process.env, ...APT_ENV }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) {
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
      fail(`${shell(command)} failed (${run.error ? run.error.message : `exit ${run.status}`}):\n${output}`);
    }
  }
  const still = wanted.filter((name) => !NEEDS[name].find(facts));
  if (still.length > 0) {
    fail(`apt-get installed the packages, but ${still.map((name) => NEEDS[name].describe(facts)).join(' and ')} is still missing: ` +
      `${still.map((name) => NEEDS[name].other(facts)).join('; ')}`);
  }
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${step.missing.map((name) => NEEDS[name].find(facts)).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
