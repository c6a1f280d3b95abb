/**
 * The compiled-code cache in the user's cache folder: written by the first
 * run, used as it is by the next, and a damaged, foreign or unwritable one
 * changes nothing but speed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ADA_RUST } from '../helpers/fixtures.js';
import { network, pln, ROOT } from '../helpers/pln.js';

function setup() {
  const dir = network({ 'contacts/ada.md': ADA_RUST });
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-xdg-'));
  const run = (args: string[]) => pln(args, { dir, env: { XDG_CACHE_HOME: cacheHome } });
  const files = () => (fs.existsSync(path.join(cacheHome, 'pln')) ? fs.readdirSync(path.join(cacheHome, 'pln')) : []);
  return { dir, cacheHome, run, files, file: () => path.join(cacheHome, 'pln', files()[0]!) };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const sourceHash = () => sha256(fs.readFileSync(path.join(ROOT, 'dist', 'chunks', 'cli.cjs')));
const crc = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b));
  return out;
};
/** SHA-256 of the source it was compiled from, CRC-32 of the data, the data. */
const valid = (bytes: Buffer) => bytes.length > 36 && bytes.subarray(0, 32).equals(sourceHash()) && bytes.subarray(32, 36).equals(crc(bytes.subarray(36)));

describe('the compiled-code cache', () => {
  it('is written by the first run of each command and used as it is by the next', () => {
    const { run, files, file } = setup();
    const first = run(['list', '--json']);
    expect(first.code).toBe(0);
    expect(files()).toEqual([expect.stringMatching(new RegExp(`^code-${process.version}-${process.arch}-[0-9a-f]{16}-list\\.bin$`))]);
    expect(valid(fs.readFileSync(file()))).toBe(true);
    const written = fs.statSync(file()).mtimeMs;
    expect(run(['list', '--json'])).toEqual(first);
    expect(fs.statSync(file()).mtimeMs).toBe(written);
    // Another command has its own; a run that fails writes none.
    const due = run(['--dir', '.', 'due', '--json']);
    expect(files().map((f) => f.replace(/^code-.*-/, ''))).toEqual(['due.bin', 'list.bin']);
    expect(run(['due', '--json'])).toEqual(due);
    expect(run(['dew']).code).toBe(2);
    expect(files()).toHaveLength(2);
  });

  it('a damaged, foreign or truncated cache is not used, and is written anew', () => {
    const { run, file } = setup();
    const expected = run(['who', 'rust', '--json']);
    const good = fs.readFileSync(file());
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const junk = Buffer.from('not compiled code at all');
    const foreign = Buffer.concat([sourceHash(), crc(junk), junk]);
    for (const [what, bytes] of [
      ['flipped', flipped],
      ['foreign, with good hashes', foreign],
      ['truncated', good.subarray(0, 1000)],
      ['empty', Buffer.alloc(0)],
    ] as const) {
      fs.writeFileSync(file(), bytes);
      expect(run(['who', 'rust', '--json']), what).toEqual(expected);
      expect(valid(fs.readFileSync(file())), what).toBe(true);
    }
  });

  it('a cache folder that cannot be written costs nothing but speed', () => {
    const { dir, cacheHome } = setup();
    fs.writeFileSync(path.join(cacheHome, 'pln'), 'in the way');
    const r = pln(['due', '--json'], { dir, env: { XDG_CACHE_HOME: cacheHome } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(cacheHome, 'pln'), 'utf8')).toBe('in the way');
  });
});
