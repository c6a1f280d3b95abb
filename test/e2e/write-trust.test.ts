/** Writes and what a person did to a file: made it read-only, quoted a date in a follow-up. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaWith } from '../helpers/fixtures.js';
import { plnIn } from '../helpers/inproc.js';
import { jsonOf, network, pln, read } from '../helpers/pln.js';

const ADA = adaWith({}, '\n## Log\n\n## Follow-ups\n');

describe('a read-only contact', () => {
  it('is not replaced: exit 1 with a clear line, the file and its mode unchanged', () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const file = path.join(dir, 'contacts', 'ada.md');
    fs.chmodSync(file, 0o444);
    for (const args of [
      ['log', 'ada', 'hello'],
      ['tag', 'ada', 'mentor'],
      ['set', 'ada', 'role', 'Engineer'],
      ['followup', 'ada', 'x'],
    ]) {
      const r = pln(args, { dir });
      expect(r, args.join(' ')).toEqual({
        stdout: '',
        stderr: 'pln: contacts/ada.md: is read-only; not changed (make it writable first: chmod u+w contacts/ada.md)\n',
        code: 1,
      });
    }
    expect(read(dir, 'contacts/ada.md')).toBe(ADA);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
  });
});

describe('a follow-up whose text holds a 📅 date of its own', () => {
  it('keeps the text as written and reads back with the real due date', () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const r = pln(['followup', 'ada', 'answer her mail of 📅 2026-01-15', '--due', '2026-12-05'], { dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(read(dir, 'contacts/ada.md')).toContain('- [ ] answer her mail of 📅 2026-01-15 📅 2026-12-05\n');
    const items = jsonOf<{ text: string; due: string }[]>(pln(['followups', '--json', '--all'], { dir }));
    expect(items.map((f) => [f.text, f.due])).toEqual([['answer her mail of 📅 2026-01-15', '2026-12-05']]);
  });

  it('with no --due, is refused (exit 2) rather than read as due that day', () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const r = pln(['followup', 'ada', 'answer her mail of 📅 2026-01-15'], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('pln: the follow-up text holds "📅 DATE", which would read as its due date; give the date with --due, or write it without 📅');
    expect(read(dir, 'contacts/ada.md')).toBe(ADA);
  });
});

describe('a follow-up whose text would read back as something else', () => {
  it('a leading date with no --due, or a ✅ date, is refused (exit 2) and nothing is written', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    for (const [args, message] of [
      [['2026-12-01 call him'], 'the follow-up text starts with a date, which would read as its due date; give the date with --due, or put a word before it'],
      [['done ✅ 2026-11-01'], 'the follow-up text holds "✅ DATE", which would read as the day it was done; write it without ✅'],
      [['done ✅ 2026-11-01', '--due', '2026-12-05'], 'the follow-up text holds "✅ DATE", which would read as the day it was done; write it without ✅'],
    ] as const) {
      const r = await plnIn(['followup', 'ada', ...args], { dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`pln: ${message}`);
    }
    expect(read(dir, 'contacts/ada.md')).toBe(ADA);
  });

  it('a leading date with --due stays text, and reads back as typed', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const r = await plnIn(['followup', 'ada', '2026-12-01 call him', '--due', '2026-12-05'], { dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(read(dir, 'contacts/ada.md')).toBe(`${ADA}- [ ] 2026-12-01 call him 📅 2026-12-05\n`);
    const items = jsonOf<{ text: string; due: string; done: boolean }[]>(await plnIn(['followups', '--json', '--all'], { dir }));
    expect(items.map((f) => [f.text, f.due, f.done])).toEqual([['2026-12-01 call him', '2026-12-05', false]]);
  });
});
