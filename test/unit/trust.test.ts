/** Pure pieces of reading an untrusted network: paths, names, terminal text, dates, bounded reads. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal-safe.js';
import { addUnits, daysBetween, isIsoDate, parseFutureDate, parsePastDate, relativeDate } from '../../src/domain/dates.js';
import { parseContact } from '../../src/file/parse.js';
import { readBounded } from '../../src/store/bounded.js';
import { parseConfig } from '../../src/store/config.js';
import { ensureLocalState } from '../../src/store/local-state.js';
import { shortFileName, unsafeFolderReason } from '../../src/store/safe-path.js';
import { tempDir } from '../helpers/pln.js';

describe('unsafeFolderReason', () => {
  it.each(['contacts', 'people/work', 'my people', 'Kontakte_2026', 'contacts/', '.', 'équipe', 'a.b-c'])('takes %j', (v) => {
    expect(unsafeFolderReason(v)).toBeNull();
  });
  it.each([
    ['people $(touch PWNED)', /characters other than/],
    ['people`id`', /characters other than/],
    ['a\nb', /characters other than/],
    ['/etc', /absolute/],
    ['../x', /leaves the network/],
    ['a/../../x', /leaves the network/],
    ['.git', /characters other than/],
    ['-rf', /characters other than/],
    ['a//b', /empty folder name/],
    ['a\\b', /characters other than/],
    ['people ', /ending in a space/],
    ['a*', /characters other than/],
    ['', /empty/],
    ['x'.repeat(201), /longer than 200/],
  ])('refuses %j', (v, why) => {
    expect(unsafeFolderReason(v)).toMatch(why);
  });
});

describe('parseConfig contacts_dir', () => {
  it('an unsafe value is an error of pln.yml, and the default stays', () => {
    for (const fast of [true, false]) {
      const { config, problems } = parseConfig('owner: Me\ncontacts_dir: "people $(touch PWNED)"\n', { fast });
      expect(config.contactsDir).toBe('contacts');
      expect(problems).toEqual([{ file: 'pln.yml', line: 2, severity: 'error', message: expect.stringMatching(/^contacts_dir "people \$\(touch PWNED\)" has characters other than letters/) }]);
    }
  });
  it('a plain value is taken', () => {
    expect(parseConfig('contacts_dir: people/work\n').config.contactsDir).toBe('people/work');
  });
});

describe('shortFileName', () => {
  it('keeps short plain names, hashes long ones under 80 bytes', () => {
    expect(shortFileName('contacts/ada.md')).toBe('contacts_ada.md');
    const long = `contacts/${'x'.repeat(250)}.md`;
    const short = shortFileName(long);
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(80);
    expect(short).toMatch(/^contacts_x+-[0-9a-f]{16}$/);
    expect(shortFileName(`${long}y`)).not.toBe(short);
  });
});

describe('terminalSafe', () => {
  it('drops control characters and escapes other than colours', () => {
    expect(terminalSafe('a\u001b]0;title\u0007b')).toBe('a]0;titleb');
    expect(terminalSafe('x\u001b[2Jy\u009b31mz\rw')).toBe('x[2Jy31mzw');
    expect(terminalSafe('\u001b[31mred\u001b[39m\tok\r\nnext\n')).toBe('\u001b[31mred\u001b[39m\tok\r\nnext\n');
    expect(terminalSafe('plain')).toBe('plain');
  });
});

describe('dates at the ends of the calendar', () => {
  it('year 0000 is not a date; years 1-99 are counted right', () => {
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('0001-01-01')).toBe(true);
    expect(isIsoDate('0004-02-29')).toBe(true);
    expect(isIsoDate('0100-02-29')).toBe(false);
    expect(daysBetween('0001-01-01', '0002-01-01')).toBe(365);
    expect(relativeDate('0026-11-29', '2026-11-29')).toBe('2000 years ago');
  });
  it('relative dates past 9999-12-31 or before 0001-01-01 are errors, not dates in the past', () => {
    expect(() => parseFutureDate('in 9999y', '2026-11-29')).toThrow('"in 9999y" lands outside the dates pln can write (0001-01-01 to 9999-12-31)');
    expect(() => parsePastDate('2030y ago', '2026-11-29')).toThrow(/lands outside/);
    expect(parseFutureDate('in 7973y', '2026-11-29')).toBe('9999-11-29');
    expect(addUnits('2026-11-29', 2, 'y')).toBe('2028-11-29');
  });
  it('arithmetic past 9999-12-31 or before 0001-01-01 stops at that day', () => {
    expect(addUnits('9999-12-31', 90, 'd')).toBe('9999-12-31');
    expect(addUnits('9999-12-15', 1, 'm')).toBe('9999-12-31');
    expect(addUnits('9999-06-30', 2, 'w')).toBe('9999-07-14');
    expect(addUnits('9990-01-01', 20, 'y')).toBe('9999-12-31');
    expect(addUnits('0001-01-05', -1, 'w')).toBe('0001-01-01');
    expect(addUnits('0001-03-31', -3, 'm')).toBe('0001-01-01');
    expect(addUnits('2026-01-31', -13, 'm')).toBe('2024-12-31');
  });
});

describe('lone CR', () => {
  it('a file with classic Mac line ends is named as such', () => {
    const r = parseContact('---\rname: Old Mac\r---\r', { file: 'c/old.md', slug: 'old' });
    expect(r.problems[0]!.message).toBe('lines end in a lone CR (classic Mac line endings); save the file with LF (or CRLF) line endings');
    expect(parseContact('---\r\nname: Win\r\n---\r\n', { file: 'c/win.md', slug: 'win' }).contact?.name).toBe('Win');
  });
});

describe('readBounded', () => {
  const dir = tempDir('pln-bounded-');
  const opts = { display: 'f', max: 16 };

  it('reads a regular file; null when absent', () => {
    fs.writeFileSync(path.join(dir, 'ok'), 'hello');
    expect(readBounded(path.join(dir, 'ok'), opts)?.toString()).toBe('hello');
    expect(readBounded(path.join(dir, 'missing'), opts)).toBeNull();
  });
  it('refuses by name: too large, FIFO, device, folder, links unless inside', () => {
    fs.writeFileSync(path.join(dir, 'big'), 'x'.repeat(17));
    expect(() => readBounded(path.join(dir, 'big'), opts)).toThrow('f: is 17 bytes, over the 16 bytes limit; not read');
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(() => readBounded(path.join(dir, 'fifo'), opts)).toThrow('f: is a FIFO (named pipe), not a regular file; not read');
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(() => readBounded(path.join(dir, 'sub'), opts)).toThrow('f: is a folder, not a regular file; not read');
    fs.symlinkSync('ok', path.join(dir, 'link-in'));
    expect(() => readBounded(path.join(dir, 'link-in'), opts)).toThrow('f: is a symbolic link; pln does not follow links here');
    expect(readBounded(path.join(dir, 'link-in'), { ...opts, linksInside: dir })?.toString()).toBe('hello');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    expect(() => readBounded(path.join(dir, 'zero'), { ...opts, linksInside: '/' })).toThrow('f: is a device, not a regular file; not read');
    expect(() => readBounded(path.join(dir, 'zero'), { ...opts, linksInside: dir })).toThrow('outside the network');
  });
});

describe('ensureLocalState', () => {
  it('makes .pln with a .gitignore of *; refuses a link', () => {
    const net = tempDir('pln-state-');
    expect(ensureLocalState(net)).toBe(false);
    expect(ensureLocalState(net, { create: true })).toBe(true);
    expect(fs.readFileSync(path.join(net, '.pln', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const other = tempDir('pln-state-');
    fs.symlinkSync(os.tmpdir(), path.join(other, '.pln'));
    expect(() => ensureLocalState(other, { create: true })).toThrow(/^\.pln: is a symbolic link, not a folder/);
  });
});
