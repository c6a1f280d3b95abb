/**
 * The index cache never answers with what a file was: a read error fixed by
 * `chmod`, or a same-size edit with the mtime put back, reads as without the
 * cache (PLN_NO_CACHE=1).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaWith, graceWith } from '../helpers/fixtures.js';
import { BIN, baseEnv, network, pln } from '../helpers/pln.js';

const ADA = adaWith({ expertise: ['rust'], company: 'Acme' });
const GRACE = graceWith({ expertise: ['cobol'] });

/** `pln ARGS` as an ordinary user (nobody) when we are root, so that permissions matter. */
function asUser(dir: string, args: string[], env: Record<string, string> = {}) {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? 'setpriv' : process.execPath;
  const argv = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(cmd, argv, { cwd: dir, env: baseEnv({ ...env, HOME: dir, PLN_DIR: dir }), encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

function openToUser(dir: string): void {
  for (const p of [dir, path.join(dir, 'contacts'), path.join(dir, 'pln.yml'), ...fs.readdirSync(path.join(dir, 'contacts')).map((f) => path.join(dir, 'contacts', f))]) {
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o777 : 0o666);
  }
}

describe('the index cache and changes that keep size and mtime', () => {
  it('a file that could not be read, made readable with chmod, is read again', () => {
    const dir = network({ 'contacts/ada.md': ADA, 'contacts/grace.md': GRACE });
    openToUser(dir);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(path.join(dir, 'contacts', 'ada.md'), past, past);
    expect(asUser(dir, ['list', '--json']).code).toBe(0);
    fs.chmodSync(path.join(dir, 'contacts', 'ada.md'), 0o000);
    const broken = asUser(dir, ['list', '--json']);
    expect(broken.stderr).toContain('contacts/ada.md');
    expect(JSON.parse(broken.stdout)).toHaveLength(1);
    fs.chmodSync(path.join(dir, 'contacts', 'ada.md'), 0o644);
    const fixed = asUser(dir, ['list', '--json']);
    expect(fixed).toEqual(asUser(dir, ['list', '--json'], { PLN_NO_CACHE: '1' }));
    expect(JSON.parse(fixed.stdout)).toHaveLength(2);
    expect(fixed.stderr).toBe('');
  });

  it('a same-size edit with the mtime put back is read, for list and who alike', () => {
    const dir = network({ 'contacts/ada.md': ADA, 'contacts/grace.md': GRACE });
    const file = path.join(dir, 'contacts', 'ada.md');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    expect(pln(['list', '--json'], { dir }).code).toBe(0);
    expect(pln(['who', 'rust', '--json'], { dir }).code).toBe(0);
    const edited = ADA.replace('expertise: [rust]', 'expertise: [java]').replace('company: Acme', 'company: Acne');
    expect(edited.length).toBe(ADA.length);
    fs.writeFileSync(file, edited);
    fs.utimesSync(file, past, past);
    for (const args of [
      ['list', '--json'],
      ['who', 'java', '--json'],
      ['who', 'rust', '--json'],
      ['show', 'ada', '--json'],
    ]) {
      const cached = pln(args, { dir });
      expect(cached, args.join(' ')).toEqual(pln(args, { dir, env: { PLN_NO_CACHE: '1' } }));
    }
    expect(pln(['show', 'ada', '--json'], { dir }).stdout).toContain('"Acne"');
  });
});
