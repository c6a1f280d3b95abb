import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listContactFiles, updateFile, withLock } from '../../src/store/folder.js';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pln-folder-'));
}

describe('updateFile', () => {
  it('re-applies the edit when the file changes between read and write (an editor saving)', () => {
    const dir = tmp();
    const abs = path.join(dir, 'a.md');
    fs.writeFileSync(abs, 'one\n');
    let calls = 0;
    const result = updateFile({ networkDir: dir, abs, display: 'a.md' }, (text) => {
      calls++;
      // The first time, someone else saves the file while we are deciding.
      if (calls === 1) fs.writeFileSync(abs, 'one\ntwo (from the editor)\n');
      return `${text}added by pln\n`;
    });
    expect(calls).toBe(2);
    expect(fs.readFileSync(abs, 'utf8')).toBe('one\ntwo (from the editor)\nadded by pln\n');
    expect(result.after).toBe('one\ntwo (from the editor)\nadded by pln\n');
  });

  it('refuses when the file keeps changing', () => {
    const dir = tmp();
    const abs = path.join(dir, 'a.md');
    fs.writeFileSync(abs, 'x\n');
    let n = 0;
    expect(() =>
      updateFile({ networkDir: dir, abs, display: 'a.md' }, (text) => {
        fs.writeFileSync(abs, `changed ${n++}\n`);
        return `${text}y\n`;
      }),
    ).toThrow(/keeps changing/);
  });

  it('keeps the file mode and leaves no temp file', () => {
    const dir = tmp();
    const abs = path.join(dir, 'a.md');
    fs.writeFileSync(abs, 'x\n', { mode: 0o600 });
    fs.chmodSync(abs, 0o600);
    updateFile({ networkDir: dir, abs, display: 'a.md' }, (t) => `${t}y\n`);
    expect(fs.statSync(abs).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['.pln', 'a.md']);
  });
});

describe('withLock', () => {
  it('takes over a stale lock left by a dead process', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, '.pln', 'locks'), { recursive: true });
    // A pid that cannot be running.
    fs.writeFileSync(path.join(dir, '.pln', 'locks', 'a.md.lock'), '999999999');
    expect(withLock(dir, 'a.md', () => 42)).toBe(42);
    expect(fs.existsSync(path.join(dir, '.pln', 'locks', 'a.md.lock'))).toBe(false);
  });
});

describe('listContactFiles', () => {
  it('walks subfolders, skips dot-entries and non-Markdown, flags symlinks and large files', () => {
    const dir = tmp();
    const c = path.join(dir, 'contacts');
    fs.mkdirSync(path.join(c, 'sub'), { recursive: true });
    fs.mkdirSync(path.join(c, '.trash'));
    fs.writeFileSync(path.join(c, 'a.md'), 'x');
    fs.writeFileSync(path.join(c, 'sub', 'b.md'), 'x');
    fs.writeFileSync(path.join(c, '.trash', 'c.md'), 'x');
    fs.writeFileSync(path.join(c, 'notes.txt'), 'x');
    fs.writeFileSync(path.join(c, '.hidden.md'), 'x');
    fs.writeFileSync(path.join(c, 'big.md'), Buffer.alloc(1024 * 1024 + 1));
    fs.symlinkSync(path.join(c, 'a.md'), path.join(c, 'link.md'));
    const files = listContactFiles(dir, 'contacts');
    expect(files.map((f) => [f.rel, f.slug, Boolean(f.skip)])).toEqual([
      ['contacts/a.md', 'a', false],
      ['contacts/big.md', 'big', true],
      ['contacts/link.md', 'link', true],
      ['contacts/sub/b.md', 'b', false],
    ]);
  });
});
