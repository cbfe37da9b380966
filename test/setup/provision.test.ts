/**
 * `npm test` provisions what it needs (test/setup/provision.mjs): on a machine without chromium or Jupyter it
 * installs them with apt-get, or fails with the command to run; never a skipped test. The machine's real
 * packages are never touched here: a fake apt-get (and sudo) on PATH, and CHROMIUM_PATH pointing at a file
 * that does not exist yet, stand in for a bare machine.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (it must run before npm's TypeScript tooling), no declarations
import { plan } from './provision.mjs';

const SCRIPT = resolve('test/setup/provision.mjs');
const JUPYTER = ['jupyter-nbconvert', 'python3-nbclient', 'jupyter-client', 'jupyter-core'];

interface Facts {
  chromiumPath: string;
  uid: number;
  isExecutable: (path: string) => boolean;
  which: (command: string) => string | null;
  canSudo: () => boolean;
}
interface Plan {
  missing: string[];
  action: 'none' | 'install' | 'fail';
  commands?: string[][];
  message?: string;
}
const planFor = plan as (facts: Facts, wanted: string[]) => Plan;

/** A machine with the given commands on PATH and files present. */
function facts(options: { uid?: number; commands?: string[]; files?: string[]; sudo?: boolean; chromiumPath?: string }): Facts {
  const commands = new Set(options.commands ?? []);
  const files = new Set(options.files ?? []);
  return {
    chromiumPath: options.chromiumPath ?? '/usr/bin/chromium',
    uid: options.uid ?? 0,
    isExecutable: (path) => files.has(path),
    which: (command) => (commands.has(command) ? `/usr/bin/${command}` : null),
    canSudo: () => options.sudo ?? false,
  };
}

describe('provisioning plan', () => {
  it('does nothing when chromium and jupyter-nbconvert are there', () => {
    const p = planFor(facts({ commands: ['apt-get', 'jupyter-nbconvert'], files: ['/usr/bin/chromium'] }), ['chromium', 'jupyter']);
    expect(p).toEqual({ missing: [], action: 'none' });
  });

  it('as root on Debian: apt-get update once, then installs only what is missing', () => {
    const p = planFor(facts({ commands: ['apt-get', 'jupyter-nbconvert'] }), ['chromium', 'jupyter']);
    expect(p.action).toBe('install');
    expect(p.missing).toEqual(['chromium']);
    expect(p.commands).toEqual([
      ['apt-get', 'update', '-q'],
      ['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', 'chromium'],
    ]);
  });

  it('installs all five packages in one apt-get install when both are missing', () => {
    const p = planFor(facts({ commands: ['apt-get'] }), ['chromium', 'jupyter']);
    expect(p.commands).toHaveLength(2);
    expect(p.commands![1]!.slice(-5)).toEqual(['chromium', ...JUPYTER]);
  });

  it('as a user with password-less sudo: through sudo -n, noninteractive', () => {
    const p = planFor(facts({ uid: 1000, commands: ['apt-get', 'sudo'], sudo: true }), ['jupyter']);
    expect(p.action).toBe('install');
    for (const command of p.commands!) expect(command.slice(0, 4)).toEqual(['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive']);
    expect(p.commands![1]!.slice(-4)).toEqual(JUPYTER);
  });

  it('as a user without sudo: fails with the exact command to run as root', () => {
    for (const machine of [facts({ uid: 1000, commands: ['apt-get'] }), facts({ uid: 1000, commands: ['apt-get', 'sudo'], sudo: false })]) {
      const p = planFor(machine, ['chromium', 'jupyter']);
      expect(p.action).toBe('fail');
      expect(p.message).toContain(`apt-get update && apt-get install -y --no-install-recommends chromium ${JUPYTER.join(' ')}`);
      expect(p.message).toContain('then run npm test again');
    }
  });

  it('off Debian (no apt-get): fails saying what to install and where CHROMIUM_PATH points', () => {
    const p = planFor(facts({ commands: ['jupyter-nbconvert'], chromiumPath: '/opt/chrome/chrome' }), ['chromium', 'jupyter']);
    expect(p.action).toBe('fail');
    expect(p.missing).toEqual(['chromium']);
    expect(p.message).toContain('not a Debian/Ubuntu machine');
    expect(p.message).toContain('point CHROMIUM_PATH at it (looked for /opt/chrome/chrome)');
  });
});

describe('provision.mjs on a bare machine (fake apt-get on PATH)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A folder of fake commands: apt-get logs its arguments (and, if `installWorks`, creates chromium on install), sudo runs its command. */
  function bareMachine(options: { aptGet: boolean; installWorks?: boolean }) {
    const dir = mkdtempSync(join(tmpdir(), 'provision-'));
    dirs.push(dir);
    const bin = join(dir, 'bin');
    const log = join(dir, 'apt.log');
    const chromium = join(dir, 'chromium');
    spawnSync('mkdir', ['-p', bin]);
    const script = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    if (options.aptGet) {
      const create = options.installWorks ? `case "$*" in *install*) printf '#!/bin/sh\\n' > "${chromium}"; chmod +x "${chromium}";; esac` : '';
      script('apt-get', `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "${log}"\n${create}`);
    }
    script('sudo', '[ "$1" = "-n" ] && shift\nexec "$@"');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [SCRIPT, ...args], {
        encoding: 'utf8',
        env: { ...process.env, PATH: options.aptGet ? `${bin}:/usr/bin:/bin` : bin, CHROMIUM_PATH: chromium },
      });
    const aptCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    return { run, aptCalls, chromium };
  }

  it('installs a missing chromium with apt-get, one line per step, and checks it is there afterwards', () => {
    const machine = bareMachine({ aptGet: true, installWorks: true });
    const result = machine.run('chromium');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `provision: missing chromium (${machine.chromium}): installing Debian packages`,
      'provision: apt-get update -q',
      'provision: apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 chromium',
      expect.stringMatching(new RegExp(`^provision: installed in \\d+\\.\\d s: ${machine.chromium}$`)),
    ]);
    expect(machine.aptCalls()).toEqual([
      'DEBIAN_FRONTEND=noninteractive update -q',
      'DEBIAN_FRONTEND=noninteractive install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 chromium',
    ]);
    expect(existsSync(machine.chromium)).toBe(true);
  });

  it('fails (never passes) when apt-get ran but chromium is still missing', () => {
    const machine = bareMachine({ aptGet: true });
    const result = machine.run('chromium');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`chromium (${machine.chromium}) is still missing`);
    expect(machine.aptCalls()).toHaveLength(2);
  });

  it('fails with what to do when there is no apt-get', () => {
    const machine = bareMachine({ aptGet: false });
    const result = machine.run('chromium');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`provision: missing chromium (${machine.chromium}), and this is not a Debian/Ubuntu machine`);
  });

  it('starts nothing and says so when chromium is present', () => {
    const machine = bareMachine({ aptGet: true });
    writeFileSync(machine.chromium, '#!/bin/sh\n');
    chmodSync(machine.chromium, 0o755);
    const result = machine.run('chromium');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`provision: chromium ${machine.chromium}: present, nothing to install\n`);
    expect(machine.aptCalls()).toEqual([]);
  });

  it('rejects an unknown need', () => {
    const result = bareMachine({ aptGet: true }).run('firefox');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('provision: unknown need "firefox" (known: chromium, jupyter)\n');
  });
});

describe('the test command', () => {
  it('provisions before any test, then runs vitest, the type check and the notebooks', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe('bash test/setup/test.sh');
    const steps = readFileSync('test/setup/test.sh', 'utf8')
      .split('\n')
      .filter((line) => /^(node |"\$BIN\/|bash )/.test(line));
    expect(steps).toEqual(['node test/setup/provision.mjs', '"$BIN/vitest" run "$@"', '"$BIN/tsc" --noEmit -p tsconfig.json', 'bash notebooks/run.sh']);
  });

  it('CI runs exactly the README set-up commands and installs nothing itself', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).not.toMatch(/apt-get|apt |dpkg|sudo|pip /);
    const readme = readFileSync('README.md', 'utf8');
    const setup = /## Set-up: two commands\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = setup.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install && npm run report', 'npm test']);
    const ciCommands = ci.split('\n').filter((line) => /^npm /.test(line));
    expect(ciCommands).toEqual(commands);
  });
});
