/**
 * The compiled-code cache is trusted only when it is ours: in a folder only
 * we can write, compiled from this very bundle (SHA-256, not its length),
 * its data whole; a run that used one and failed deletes it; special files
 * in its place never hang.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADA_RUST } from '../helpers/fixtures.js';
import { network, pln, ROOT, tempDir } from '../helpers/pln.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const source = () => fs.readFileSync(path.join(ROOT, 'dist', 'chunks', 'cli.cjs'));

function setup() {
  const dir = network({ 'contacts/ada.md': ADA_RUST });
  const cacheHome = tempDir('pln-xdg-');
  const run = (args: string[], extra: Record<string, string> = {}) => pln(args, { dir, env: { XDG_CACHE_HOME: cacheHome, ...extra }, timeout: 20_000 });
  const folder = path.join(cacheHome, 'pln');
  const files = () => (fs.existsSync(folder) && fs.lstatSync(folder).isDirectory() ? fs.readdirSync(folder) : []);
  return { dir, cacheHome, folder, run, files };
}

describe('the compiled-code cache, trusted only when it is ours', () => {
  it('is keyed by the SHA-256 of the exact bundle: one compiled from another source of the same length is not used', () => {
    const { run, folder, files } = setup();
    const expected = run(['list', '--json']);
    const file = path.join(folder, files()[0]!);
    const good = fs.readFileSync(file);
    expect(good.subarray(0, 32).equals(sha256(source()))).toBe(true);
    // The same length, other bytes: what a CRC or a length check cannot tell apart.
    const other = Buffer.from(source());
    other[100] = other[100] === 0x61 ? 0x62 : 0x61;
    fs.writeFileSync(file, Buffer.concat([sha256(other), good.subarray(32)]), { mode: 0o600 });
    const before = fs.statSync(file).mtimeMs;
    expect(run(['list', '--json'])).toEqual(expected);
    // Not used, so written anew from this source.
    expect(fs.readFileSync(file).subarray(0, 32).equals(sha256(source()))).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBeGreaterThanOrEqual(before);
  });

  it('in a folder others can write, or a link, or not owned by us: neither read nor written', () => {
    for (const how of ['world-writable', 'link', 'other owner'] as const) {
      const { run, folder, cacheHome, files } = setup();
      const expected = run(['who', 'rust', '--json']);
      const name = files()[0]!;
      const good = fs.readFileSync(path.join(folder, name));
      if (how === 'world-writable') fs.chmodSync(folder, 0o777);
      if (how === 'link') {
        const elsewhere = path.join(cacheHome, 'elsewhere');
        fs.renameSync(folder, elsewhere);
        fs.symlinkSync(elsewhere, folder);
      }
      if (how === 'other owner') {
        if (process.getuid?.() !== 0) continue;
        fs.chownSync(folder, 65534, 65534);
      }
      // A planted cache: if it were read and rejected, it would be written anew.
      const planted = path.join(fs.realpathSync(folder), name);
      fs.writeFileSync(planted, Buffer.concat([good.subarray(0, 64), Buffer.from('planted')]));
      const r = run(['who', 'rust', '--json']);
      expect(r, how).toEqual(expected);
      expect(fs.readFileSync(planted).subarray(64).toString(), how).toBe('planted');
    }
  });

  it('a run that used a cache and failed deletes it; the next good run writes it again', () => {
    const { run, folder, files } = setup();
    expect(run(['show', 'ada']).code).toBe(0);
    expect(files()).toHaveLength(1);
    const r = run(['show', 'nobody-at-all']);
    expect(r.code).toBe(1);
    expect(files()).toEqual([]);
    expect(run(['show', 'ada']).code).toBe(0);
    expect(files()).toHaveLength(1);
    expect(fs.lstatSync(path.join(folder, files()[0]!)).mode & 0o777).toBe(0o600);
  });

  it('XDG_CACHE_HOME=/proc, or a FIFO as the folder or the file: no hang, no spin, same answer', () => {
    const { run, folder, cacheHome, files } = setup();
    const expected = run(['list', '--json']);
    const name = files()[0]!;
    expect(run(['list', '--json'], { XDG_CACHE_HOME: '/proc' })).toEqual(expected);
    fs.rmSync(path.join(folder, name));
    execFileSync('mkfifo', [path.join(folder, name)]);
    expect(run(['list', '--json'])).toEqual(expected);
    // Never opened for reading; replaced by a fresh cache (a rename, which does not open it either).
    expect(fs.lstatSync(path.join(folder, name)).isFile()).toBe(true);
    fs.rmSync(folder, { recursive: true });
    execFileSync('mkfifo', [folder]);
    expect(run(['list', '--json'])).toEqual(expected);
    expect(fs.lstatSync(path.join(cacheHome, 'pln')).isFIFO()).toBe(true);
  });
});
