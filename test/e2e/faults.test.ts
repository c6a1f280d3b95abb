/**
 * Writes under faults: a writer that died holding its lock, an editor saving
 * while pln writes, a full disk, a write killed half way, a lock that came
 * with a clone.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { updateFile, withLock } from '../../src/store/folder.js';
import { adaWith } from '../helpers/fixtures.js';
import { network, pln, plnAsync, read } from '../helpers/pln.js';

const ADA = adaWith({}, '\n## Log\n');
const LOCK = path.join('.pln', 'locks', 'contacts_ada.md.lock');

/** A PID that ran and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Replaces a function of node:fs for the code under test (named imports included) until `restore`. */
const patched: (() => void)[] = [];
function patchFs<K extends keyof typeof fs>(name: K, make: (original: (typeof fs)[K]) => (typeof fs)[K]): void {
  const mod = (fs as unknown as { default: typeof fs }).default ?? fs;
  const original = mod[name];
  (mod as unknown as Record<string, unknown>)[name] = make(original);
  syncBuiltinESMExports();
  patched.push(() => {
    (mod as unknown as Record<string, unknown>)[name] = original;
    syncBuiltinESMExports();
  });
}
afterEach(() => {
  while (patched.length) patched.pop()!();
});

describe('a lock left by a writer that died', () => {
  it("30 writers against a dead PID's lock, five times: every entry kept, every run exits 0", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const dir = network({ 'contacts/ada.md': ADA });
      fs.mkdirSync(path.join(dir, '.pln', 'locks'), { recursive: true });
      fs.writeFileSync(path.join(dir, LOCK), String(deadPid()));
      const runs = await Promise.all(Array.from({ length: 30 }, (_, i) => plnAsync(['log', 'ada', `entry ${i}`], { dir })));
      expect(
        runs.filter((r) => r.code !== 0),
        `trial ${trial}`,
      ).toEqual([]);
      const text = read(dir, 'contacts/ada.md');
      const missing = Array.from({ length: 30 }, (_, i) => `entry ${i}`).filter((e) => !text.includes(`${e}\n`));
      expect(missing, `trial ${trial}`).toEqual([]);
      expect(fs.readdirSync(path.join(dir, '.pln', 'locks')), `trial ${trial}`).toEqual([]);
    }
  }, 600_000);

  it("a lock that came with a clone (another machine's, or an old PID-only one of a running PID) does not block writes", () => {
    // PID 1 is always running: an older pln would wait 15 s for it, then give up.
    for (const content of ['1\n', '1 some-other-machine 0d7c6f1e-aaaa-bbbb-cccc-000000000000 12\n', `1 ${os.hostname()} 00000000-0000-0000-0000-000000000000 12\n`]) {
      const dir = network({ 'contacts/ada.md': ADA });
      fs.mkdirSync(path.join(dir, '.pln', 'locks'), { recursive: true });
      fs.writeFileSync(path.join(dir, LOCK), content);
      const r = pln(['log', 'ada', 'first after the clone'], { dir, timeout: 10_000 });
      expect([r.code, r.stderr], content).toEqual([0, '']);
      expect(read(dir, 'contacts/ada.md')).toContain('first after the clone');
    }
  });

  it('a full disk while taking the lock leaves no lock and no open descriptor', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-fault-'));
    const before = openDescriptors();
    patchFs(
      'writeSync',
      (original) =>
        ((fd: number, ...rest: unknown[]) => {
          if (fs.readlinkSync(`/proc/self/fd/${fd}`).includes(`${path.sep}locks${path.sep}`)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return (original as (...a: unknown[]) => number)(fd, ...rest);
        }) as typeof fs.writeSync,
    );
    let error: unknown;
    try {
      withLock(dir, 'contacts/ada.md', () => 'never');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlnError);
    expect((error as Error).message).toBe('contacts/ada.md: could not write (no space left on the device); the file is unchanged');
    expect(fs.readdirSync(path.join(dir, '.pln', 'locks'))).toEqual([]);
    expect(openDescriptors()).toBe(before);
  });
});

describe('an editor saving while pln writes', () => {
  it('a save landing after the temp file is written and fsynced is seen, and the edit re-applied to it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-fault-'));
    const abs = path.join(dir, 'a.md');
    fs.writeFileSync(abs, 'one\n');
    let saved = false;
    patchFs(
      'fsyncSync',
      (original) =>
        ((fd: number) => {
          (original as (fd: number) => void)(fd);
          // The editor saves right after our temp file reached the disk, before the rename.
          if (!saved && fs.readlinkSync(`/proc/self/fd/${fd}`).endsWith('.tmp')) {
            saved = true;
            fs.writeFileSync(abs, 'one\ntwo (from the editor)\n');
          }
        }) as typeof fs.fsyncSync,
    );
    const result = updateFile({ networkDir: dir, abs, display: 'a.md' }, (text) => `${text}three (from pln)\n`);
    expect(saved).toBe(true);
    expect(fs.readFileSync(abs, 'utf8')).toBe('one\ntwo (from the editor)\nthree (from pln)\n');
    expect(result.after).toBe('one\ntwo (from the editor)\nthree (from pln)\n');
  });
});

/**
 * An editor saving the file in a loop, as vim does (a new file renamed into
 * place), each save changing its own marker line. Before each save it checks
 * that the file still holds the marker of its previous save: when it does
 * not, a pln write replaced that save without having read it (a lost save).
 */
const EDITOR = `
const fs = require('node:fs');
const [file, stop, out] = process.argv.slice(1);
const pause = new Int32Array(new SharedArrayBuffer(4));
let k = 0, saves = 0, lost = 0;
while (!fs.existsSync(stop)) {
  const text = fs.readFileSync(file, 'utf8');
  if (Number(/editor-save: (\\d+)/.exec(text)[1]) !== k) lost++;
  k++;
  fs.writeFileSync(file + '.swp', text.replace(/editor-save: \\d+/, 'editor-save: ' + k));
  fs.renameSync(file + '.swp', file);
  saves++;
  Atomics.wait(pause, 0, 0, 8);
}
fs.writeFileSync(out, JSON.stringify({ saves, lost, last: k }));
`;

describe('an editor saving in a loop while pln log runs', () => {
  it('loses no save that landed before pln checked, and says so when the file keeps changing', async () => {
    const dir = network({ 'contacts/ada.md': adaWith({}, '\neditor-save: 0\n\n## Log\n') });
    const file = path.join(dir, 'contacts', 'ada.md');
    const stop = path.join(dir, 'stop');
    const out = path.join(dir, 'editor.json');
    const editor = spawn(process.execPath, ['-e', EDITOR, file, stop, out], { stdio: 'inherit' });
    const runs = [];
    for (let batch = 0; batch < 12; batch++) {
      runs.push(...(await Promise.all(Array.from({ length: 4 }, (_, i) => plnAsync(['log', 'ada', `entry ${batch * 4 + i}`], { dir })))));
    }
    fs.writeFileSync(stop, '');
    await new Promise((r) => editor.on('close', r));
    const { saves, lost, last } = JSON.parse(fs.readFileSync(out, 'utf8')) as { saves: number; lost: number; last: number };
    console.log(`editor: ${saves} saves, ${lost} lost; pln log: ${runs.filter((r) => r.code === 0).length} of ${runs.length} written`);
    for (const r of runs) {
      if (r.code !== 0) expect(r.stderr).toBe('pln: contacts/ada.md: the file keeps changing while pln writes it; try again\n');
    }
    expect(saves).toBeGreaterThan(20);
    // The editor's last save is what is on disk, and the file still reads.
    expect(read(dir, 'contacts/ada.md')).toContain(`editor-save: ${last}\n`);
    expect(pln(['show', 'ada'], { dir }).code).toBe(0);
    // What is left, and not asserted (it depends on scheduling): a save landing
    // between pln's last check and its rename, microseconds apart (see README).
    expect(lost).toBeLessThan(saves);
  }, 300_000);
});

describe('a write killed half way', () => {
  it('leaves its temp file under .pln/tmp, where doctor reports it and the next write removes it', () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const tmpDir = path.join(dir, '.pln', 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    const stale = `ada.md.${deadPid()}.k2j3.tmp`;
    fs.writeFileSync(path.join(tmpDir, stale), 'half a file');
    // And one an older version left next to the contact.
    const older = `.ada.md.${deadPid()}.mhx1a2b.tmp`;
    fs.writeFileSync(path.join(dir, 'contacts', older), 'half a file');
    const doctor = pln(['doctor'], { dir });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`.pln/tmp/${stale}: warning: a temp file left by a write that was interrupted; pln removes it at the next write`);
    expect(doctor.stdout).toContain(`contacts/${older}: warning: a temp file left by a write that was interrupted (by an older pln); delete it`);
    expect(pln(['log', 'ada', 'after the crash'], { dir }).code).toBe(0);
    expect(fs.readdirSync(tmpDir)).toEqual([]);
  });

  it('a write killed at any point leaves the contact whole and no temp file next to it', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    for (let i = 0; i < 10; i++) {
      const child = spawn(process.execPath, [path.resolve('bin/pln.cjs'), '--dir', dir, 'log', 'ada', `entry ${i}`], { env: { ...process.env, PLN_TODAY: '2026-11-29' } });
      // Listened for from the start: a write quicker than the delay has already
      // ended when the kill comes, and its 'close' must not be missed.
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, 40 + i * 15));
      child.kill('SIGKILL');
      await closed;
    }
    expect(fs.readdirSync(path.join(dir, 'contacts'))).toEqual(['ada.md']);
    expect(pln(['show', 'ada'], { dir }).code).toBe(0);
    // Whole: the contact as it was, plus whole entries (those whose write got to the rename).
    const text = read(dir, 'contacts/ada.md');
    expect(text.startsWith(ADA)).toBe(true);
    expect(
      text
        .slice(ADA.length)
        .split('\n')
        .filter((l) => l !== '' && !/^- 2026-11-29: entry \d$/.test(l)),
    ).toEqual([]);
  });
});
