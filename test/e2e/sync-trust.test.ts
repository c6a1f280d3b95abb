/**
 * `pln sync` with what other machines and people do to a repository: staged
 * renames and deletions, a contact turned into a symlink, a tracked `.pln/`,
 * a merge driver whose node or pln moved.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaWith, graceWith } from '../helpers/fixtures.js';
import { bareRepo, cloneMachine, gitIn, isClean, isolateGit, tempDir } from '../helpers/git.js';
import { pln, read } from '../helpers/pln.js';

beforeAll(() => isolateGit());

const ADA = adaWith({ company: 'Analytical Engines' }, 'Met at RustConf.\n\n## Log\n- 2026-11-01 call: hello\n');
const GRACE = graceWith({}, '\n## Log\n');

function twoMachines(): { a: string; b: string; server: string; parent: string } {
  const parent = tempDir();
  const server = bareRepo(parent);
  const a = cloneMachine(server, parent, 'a');
  expect(pln(['init', a, '--git']).code).toBe(0);
  fs.writeFileSync(path.join(a, 'contacts', 'ada-lovelace.md'), ADA);
  fs.writeFileSync(path.join(a, 'contacts', 'grace-hopper.md'), GRACE);
  expect(pln(['sync'], { dir: a })).toMatchObject({ code: 0, stderr: '' });
  const b = cloneMachine(server, parent, 'b');
  expect(pln(['sync'], { dir: b }).code).toBe(0);
  return { a, b, server, parent };
}

const sync = (dir: string, ...args: string[]) => pln(['sync', ...args], { dir });
const tree = (dir: string) => gitIn(dir, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n');

describe('staged renames and deletions', () => {
  it('a staged git mv and git rm are committed by pln sync, and reach the other machine', () => {
    const { a, b } = twoMachines();
    gitIn(a, 'mv', 'contacts/ada-lovelace.md', 'contacts/ada.md');
    gitIn(a, 'rm', '--quiet', 'contacts/grace-hopper.md');
    const r = sync(a);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(isClean(a)).toBe(true);
    expect(tree(a).filter((f) => f.startsWith('contacts/'))).toEqual(['contacts/ada.md']);
    expect(sync(b).code).toBe(0);
    expect(fs.readdirSync(path.join(b, 'contacts'))).toEqual(['ada.md']);
    expect(read(b, 'contacts/ada.md')).toBe(ADA);
  }, 120_000);
});

describe('temp files of killed writes', () => {
  it('are not committed by sync, under .pln/tmp or (from older versions) next to the contact', async () => {
    const { a } = twoMachines();
    // A write killed half way, for real: the temp file may or may not be left, wherever it was made.
    for (let i = 0; i < 5; i++) {
      const child = spawn(process.execPath, [path.resolve('bin/pln.cjs'), '--dir', a, 'log', 'ada', `entry ${i}`]);
      // Listened for at once: a write quicker than the pause has closed already.
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, 30 + i * 20));
      child.kill('SIGKILL');
      await closed;
    }
    fs.mkdirSync(path.join(a, '.pln', 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(a, '.pln', 'tmp', 'ada-lovelace.md.999999.k2.tmp'), 'half');
    fs.writeFileSync(path.join(a, 'contacts', '.ada-lovelace.md.999999.mhx1a2b.tmp'), 'half');
    expect(pln(['log', 'ada', 'after'], { dir: a }).code).toBe(0);
    const r = sync(a);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(tree(a).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(tree(a)).toContain('contacts/ada-lovelace.md');
  }, 120_000);
});

describe('a contact turned into a symlink on the other machine', () => {
  it('sync --ours keeps our file under its own name; no name.md~HEAD', () => {
    const { a, b } = twoMachines();
    fs.rmSync(path.join(a, 'contacts', 'ada-lovelace.md'));
    fs.symlinkSync('../../../etc/passwd', path.join(a, 'contacts', 'ada-lovelace.md'));
    gitIn(a, 'add', '-A');
    gitIn(a, 'commit', '--quiet', '-m', 'a link');
    gitIn(a, 'push', '--quiet');
    expect(pln(['log', 'ada', 'on b'], { dir: b }).code).toBe(0);
    const r = sync(b, '--ours');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(fs.lstatSync(path.join(b, 'contacts', 'ada-lovelace.md')).isFile()).toBe(true);
    expect(read(b, 'contacts/ada-lovelace.md')).toContain('on b');
    expect(fs.readdirSync(path.join(b, 'contacts')).sort()).toEqual(['ada-lovelace.md', 'grace-hopper.md']);
    expect(tree(b)).not.toContain('contacts/ada-lovelace.md~HEAD');
    expect(gitIn(b, 'ls-tree', 'HEAD', 'contacts/ada-lovelace.md')).toMatch(/^100644 blob /);
    expect(isClean(b)).toBe(true);
  }, 120_000);

  it('a symlinked contact is refused by sync (nothing committed) and by writes', () => {
    const { a } = twoMachines();
    fs.rmSync(path.join(a, 'contacts', 'grace-hopper.md'));
    fs.symlinkSync('/etc/hostname', path.join(a, 'contacts', 'grace-hopper.md'));
    const head = gitIn(a, 'rev-parse', 'HEAD');
    const r = sync(a);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('pln:'))).toEqual(['pln: contacts/grace-hopper.md: is a symbolic link; pln does not sync links (replace it with the file itself)']);
    expect(gitIn(a, 'rev-parse', 'HEAD')).toBe(head);
    const w = pln(['log', 'grace', 'x'], { dir: a });
    expect(w.code).toBe(1);
  }, 120_000);
});

describe('a repository that tracks .pln/', () => {
  it('sync untracks it and goes on; a lock that came with the clone does not block writes', () => {
    const { a, b } = twoMachines();
    // Someone committed their machine-local state (and a lock) by hand.
    fs.mkdirSync(path.join(a, '.pln', 'locks'), { recursive: true });
    fs.writeFileSync(path.join(a, '.pln', 'locks', 'contacts_ada-lovelace.md.lock'), '1\n');
    expect(pln(['list'], { dir: a }).code).toBe(0);
    gitIn(a, 'add', '-f', '.pln');
    gitIn(a, 'commit', '--quiet', '-m', 'state');
    gitIn(a, 'push', '--quiet');
    expect(sync(b).code).toBe(0);
    const w = pln(['log', 'ada', 'after the clone'], { dir: b });
    expect([w.code, w.stderr]).toEqual([0, '']);
    expect(pln(['log', 'ada', 'on a'], { dir: a }).code).toBe(0);
    for (const m of [a, b, a]) {
      const r = sync(m);
      expect([r.code, r.stderr], m).toEqual([0, '']);
    }
    expect(tree(a).filter((f) => f.startsWith('.pln/'))).toEqual([]);
    expect(read(b, 'contacts/ada-lovelace.md')).toContain('on a');
    expect(read(a, 'contacts/ada-lovelace.md')).toContain('after the clone');
  }, 120_000);
});

describe('the merge driver', () => {
  it('is registered by a command that survives pln moving: a plain git pull still merges', () => {
    const { a, b, parent } = twoMachines();
    // B syncs with a copy of pln, which then moves elsewhere; \`pln\` on PATH is the moved one.
    const old = path.join(parent, 'old');
    fs.mkdirSync(old);
    fs.cpSync(path.resolve('dist'), path.join(old, 'dist'), { recursive: true });
    fs.cpSync(path.resolve('bin'), path.join(old, 'bin'), { recursive: true });
    fs.symlinkSync(path.resolve('node_modules'), path.join(old, 'node_modules'));
    const viaOld = spawnSync(process.execPath, [path.join(old, 'bin', 'pln.cjs'), 'sync', '--dir', b], { encoding: 'utf8' });
    expect(viaOld.status).toBe(0);
    expect(gitIn(b, 'config', '--get', 'merge.pln.driver')).not.toContain(old);
    const moved = path.join(parent, 'moved');
    fs.renameSync(old, moved);
    const shim = path.join(parent, 'shim');
    fs.mkdirSync(shim);
    fs.writeFileSync(path.join(shim, 'pln'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(moved, 'bin', 'pln.cjs')}" "$@"\n`, { mode: 0o755 });
    pln(['log', 'ada', 'from a'], { dir: a });
    expect(sync(a).code).toBe(0);
    pln(['log', 'ada', 'from b'], { dir: b });
    gitIn(b, 'commit', '--quiet', '-am', 'from b');
    const pull = spawnSync('git', ['-C', b, 'pull', '--no-rebase', '--no-edit', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${shim}:/usr/bin:/bin` },
    });
    expect([pull.status, pull.stderr]).toEqual([0, '']);
    const text = read(b, 'contacts/ada-lovelace.md');
    expect(text).toContain('from a');
    expect(text).toContain('from b');
    expect(text).not.toMatch(/^(<<<<<<<|>>>>>>>)/m);
  }, 120_000);
});
