/** The daily loop: reading a person whole, logging fast, scheduling, undoing, finding by the words people use. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, oneLineAdded, pln, read } from '../helpers/pln.js';

const LONG_NOTE =
  'Met at RustConf 2024 where she gave the talk on incremental compilation, and we talked for an hour afterwards about query-based compilers, salsa, and how to teach ownership to people coming from garbage-collected languages.';

function logOf(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`- 2026-${String(11 - Math.floor(i / 28)).padStart(2, '0')}-${String(28 - (i % 28)).padStart(2, '0')} call: conversation number ${n - i}`);
  return lines.join('\n');
}

const ADA = contact(
  'name: Ada Lovelace\naliases: [Ada]\ntags: [mentor]\ncadence: 30d',
  `${LONG_NOTE}\n\nSecond paragraph.\n\n## Log\n${logOf(17)}\n\n## Follow-ups\n- [ ] send the paper 📅 2026-12-05\n`,
);

describe('reading a person whole', () => {
  it('show prints a long note whole into a pipe, and the latest log entries with how many more', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['show', 'ada'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  ${LONG_NOTE}\n`);
    expect(r.stdout).toContain('  Second paragraph.\n');
    expect(r.stdout).toContain('Log (latest 5 of 17; all: pln show ada-lovelace --all)');
    expect(r.stdout.match(/conversation number/g)).toHaveLength(5);
  });

  it('show wraps notes to the terminal width without cutting a word', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['show', 'ada'], { dir, env: { COLUMNS: '60' } });
    expect(r.code).toBe(0);
    const notes = r.stdout.slice(r.stdout.indexOf('Notes\n') + 6, r.stdout.indexOf('Second paragraph'));
    // Every word of the note is there, in order, and no line is wider than 60.
    expect(notes.split(/\s+/).filter(Boolean).join(' ')).toBe(LONG_NOTE);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(r.stdout).not.toContain('…\n  ');
  });

  it('show --all lists every log entry', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['show', 'ada', '--all'], { dir });
    expect(r.code).toBe(0);
    for (let i = 1; i <= 17; i++) expect(r.stdout).toContain(`call: conversation number ${i}\n`);
    expect(r.stdout).toMatch(/^Log$/m);
  });

  it('log WHO with no text prints the whole log and writes nothing', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    const r = pln(['log', 'ada'], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Log of Ada Lovelace (17 entries)');
    expect(r.stdout.match(/conversation number/g)).toHaveLength(17);
    expect(r.stdout).toContain('  2026-11-28 call: conversation number 17\n');
    expect(hashTree(dir)).toEqual(before);
    const j = jsonOf<{ date: string }[]>(pln(['log', 'ada', '--json'], { dir }));
    expect(j).toHaveLength(17);
  });

  it('log WHO with empty text, or with options and no text, is a usage error and writes nothing', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    for (const args of [[''], ['   '], ['--kind', 'call'], ['--date', 'yesterday', '--gave'], ['--dry-run']]) {
      const r = await plnIn(['log', 'ada', ...args], { dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe('pln: the log text is empty');
    }
    expect(hashTree(dir)).toEqual(before);
  });
});

const GRACE = contact('name: Grace Hopper\ntags: [navy]', 'Navy.\n\n## Log\n- 2026-11-01 call: COBOL history\n');

describe('logging fast', () => {
  it('a leading WORD: is the kind, as the file format writes it; --kind wins', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = read(dir, 'contacts/ada-lovelace.md');
    const r = pln(['log', 'ada', 'coffee: talked about compiler internships'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Logged for Ada Lovelace on Sun 29 Nov 2026 (coffee).\n');
    const after = read(dir, 'contacts/ada-lovelace.md');
    expect(oneLineAdded(before, after)).toBe('- 2026-11-29 coffee: talked about compiler internships');
    pln(['log', 'ada', '--kind', 'call', 'Re: the paper'], { dir });
    expect(oneLineAdded(after, read(dir, 'contacts/ada-lovelace.md'))).toBe('- 2026-11-29 call: Re: the paper');
    const j = jsonOf<{ kind: string | null; text: string }[]>(pln(['log', 'ada', '--json'], { dir }));
    expect(j.slice(0, 2).map((e) => e.kind)).toEqual(['call', 'coffee']);
  });

  it('log ada,grace writes one entry with kind coffee in both files', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace-hopper.md': GRACE });
    const r = pln(['log', 'ada,grace', 'coffee: planned the reading group'], { dir });
    expect(r.code).toBe(0);
    expect(oneLineAdded(ADA, read(dir, 'contacts/ada-lovelace.md'))).toBe('- 2026-11-29 coffee: planned the reading group');
    expect(oneLineAdded(GRACE, read(dir, 'contacts/grace-hopper.md'))).toBe('- 2026-11-29 coffee: planned the reading group');
    expect(r.stdout).toContain('Grace Hopper');
  });

  it('an unknown name in the list writes nothing', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace-hopper.md': GRACE });
    const before = hashTree(dir);
    const r = pln(['log', 'ada,nobodyatall,grace', 'coffee: x'], { dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no one called "nobodyatall"');
    expect(r.stdout).toBe('');
    expect(hashTree(dir)).toEqual(before);
  });
});

describe('logging several people at once', () => {
  it('a file that cannot be written, anywhere in the list, writes nothing', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace-hopper.md': GRACE });
    fs.chmodSync(path.join(dir, 'contacts/grace-hopper.md'), 0o444);
    const before = hashTree(dir);
    for (const args of [
      ['log', 'ada,grace', 'meeting: group'],
      ['snooze', 'ada,grace', '2w'],
    ]) {
      const r = await plnIn(args, { dir });
      expect(r, args.join(' ')).toEqual({
        stdout: '',
        stderr: 'pln: contacts/grace-hopper.md: is read-only; not changed (make it writable first: chmod u+w contacts/grace-hopper.md)\n',
        code: 1,
      });
    }
    expect(hashTree(dir)).toEqual(before);
    fs.chmodSync(path.join(dir, 'contacts/grace-hopper.md'), 0o644);
    expect((await plnIn(['log', 'ada,grace', 'meeting: group'], { dir })).code).toBe(0);
    expect(oneLineAdded(GRACE, read(dir, 'contacts/grace-hopper.md'))).toBe('- 2026-11-29 meeting: group');
  });
});

const KEN = contact('name: Ken Thompson\ncadence: 30d\nadded: 2026-01-01', '## Log\n- 2026-09-01 call: unix history\n');

for (const cache of [true, false]) {
  const env = cache ? {} : { PLN_NO_CACHE: '1' };
  describe(`scheduling (${cache ? 'with' : 'without'} the cache)`, () => {
    it('snooze ken 2w takes Ken off due, with due_date two weeks out, without a log entry', () => {
      const dir = network({ 'contacts/ken-thompson.md': KEN });
      // Read once first, so that a cached load follows the write.
      expect(jsonOf<{ slug: string }[]>(pln(['due', '--json'], { dir, env })).map((r) => r.slug)).toEqual(['ken-thompson']);
      const r = pln(['snooze', 'ken', '2w'], { dir, env });
      expect(r).toEqual({ stdout: 'Snoozed Ken Thompson until Sun 13 Dec 2026: no check-in is due before then.\n', stderr: '', code: 0 });
      expect(read(dir, 'contacts/ken-thompson.md')).toBe(KEN.replace('added: 2026-01-01', 'added: 2026-01-01\nsnooze_until: 2026-12-13'));
      expect(jsonOf<unknown[]>(pln(['due', '--json'], { dir, env }))).toEqual([]);
      const list = jsonOf<{ slug: string; due_date: string }[]>(pln(['list', '--json'], { dir, env }));
      expect(list[0]!.due_date).toBe('2026-12-13');
      const soon = jsonOf<{ due_date: string; days_overdue: number }[]>(pln(['due', '--within', '3w', '--json'], { dir, env }));
      expect(soon).toEqual([expect.objectContaining({ due_date: '2026-12-13', days_overdue: -14 })]);
      const show = pln(['show', 'ken'], { dir, env });
      expect(show.stdout).toMatch(/^snoozed: +until 2026-12-13/m);
      expect(show.stdout).toMatch(/^last: +2026-09-01/m);
      const today = jsonOf<{ checkins?: unknown[] }>(pln(['today', '--json'], { dir, env }));
      expect(JSON.stringify(today)).not.toContain('ken-thompson');
      const exported = jsonOf<{ people?: { slug: string; due_date: string }[] } | { slug: string; due_date: string }[]>(pln(['export', '--format', 'json'], { dir, env }));
      expect(JSON.stringify(exported)).toContain('"due_date":"2026-12-13"');
      expect(pln(['snooze', 'ken', 'yesterday'], { dir, env }).code).toBe(2);
    });

    it('snooze_until moves the due date later, never earlier; a snoozed person leaves suggest; unset wakes them', () => {
      // Last contact 2026-09-01 + 30d: due 2026-10-01. A snooze that ends before then changes nothing.
      const dir = network({ 'contacts/ken-thompson.md': KEN.replace('added: 2026-01-01', 'added: 2026-01-01\nsnooze_until: 2026-09-15') });
      const due = () => jsonOf<{ slug: string; due_date: string }[]>(pln(['list', '--json'], { dir, env }))[0]!.due_date;
      const suggested = () => jsonOf<{ slug: string }[]>(pln(['suggest', '--json'], { dir, env })).map((r) => r.slug);
      expect(due()).toBe('2026-10-01');
      expect(suggested()).toContain('ken-thompson');
      expect(pln(['snooze', 'ken', '2w'], { dir, env }).code).toBe(0);
      expect(due()).toBe('2026-12-13');
      expect(suggested()).not.toContain('ken-thompson');
      expect(pln(['unset', 'ken', 'snooze_until'], { dir, env }).code).toBe(0);
      expect(due()).toBe('2026-10-01');
      expect(suggested()).toContain('ken-thompson');
      expect(jsonOf<{ slug: string }[]>(pln(['due', '--json'], { dir, env })).map((r) => r.slug)).toEqual(['ken-thompson']);
    });

    it('a snooze moves the check-in only: a follow-up owed still shows in followups, today and suggest', () => {
      const dir = network({ 'contacts/ken-thompson.md': `${KEN}\n## Follow-ups\n- [ ] send the unix paper 📅 2026-11-20\n` });
      expect(pln(['snooze', 'ken', '2w'], { dir, env }).code).toBe(0);
      expect(jsonOf<unknown[]>(pln(['due', '--json'], { dir, env }))).toEqual([]);
      expect(pln(['followups'], { dir, env }).stdout).toContain('send the unix paper');
      expect(JSON.stringify(jsonOf(pln(['today', '--json'], { dir, env })))).toContain('send the unix paper');
      const suggest = jsonOf<{ slug: string; reasons: string[] }[]>(pln(['suggest', '--json'], { dir, env }));
      expect(suggest.find((r) => r.slug === 'ken-thompson')?.reasons).toContain('you owe a follow-up');
    });

    it('add --last-contact sets the first due date from it', () => {
      const dir = network({});
      const r = pln(['add', 'Linus Torvalds', '--last-contact', '2026-11-01', '--cadence', '30d'], { dir, env });
      expect(r.code).toBe(0);
      expect(read(dir, 'contacts/linus-torvalds.md')).toMatch(/^last_contact: 2026-11-01$/m);
      const list = jsonOf<{ due_date: string; last_contact: string }[]>(pln(['list', '--json'], { dir, env }));
      expect(list[0]).toMatchObject({ due_date: '2026-12-01', last_contact: '2026-11-01' });
      expect(pln(['add', 'Someone Else', '--last-contact', 'soonish'], { dir, env }).code).toBe(2);
    });
  });
}

describe('people added recently are new', () => {
  const CAROL = contact('name: Carol Shaw\nexpertise: [games]\nknows: [dan-new]\ncadence: 30d', '## Log\n- 2026-11-20 call: games\n');
  const OLD = contact('name: Olga Old\nexpertise: [games]\nadded: 2026-01-01');

  it('a person added today does not change stats cold, and stats, intro and who say new', () => {
    const dir = network({ 'contacts/carol-shaw.md': CAROL, 'contacts/olga-old.md': OLD });
    const before = jsonOf<{ people: number; warm: number; cold: number; new: number; on_track: number }>(pln(['stats', '--json'], { dir }));
    expect(before).toMatchObject({ people: 2, warm: 1, cold: 1, new: 0 });
    expect(pln(['add', 'Dan New', '--expertise', 'games'], { dir }).code).toBe(0);
    const after = jsonOf<{ people: number; warm: number; cold: number; new: number; on_track: number }>(pln(['stats', '--json'], { dir }));
    expect(after).toMatchObject({ people: 3, warm: 1, cold: 1, new: 1, on_track: before.on_track });
    const text = pln(['stats'], { dir }).stdout;
    expect(text).toContain('3 people · 1 in touch (33%) · 1 to reconnect with · 1 new');
    expect(text).toMatch(/^ {2}new +1 +33%/m);
    expect(pln(['intro', 'dan'], { dir }).stdout).toContain('Dan New is in your network (new, never contacted).');
    const who = jsonOf<{ slug: string; new: boolean; warm: boolean }[]>(pln(['who', 'games', '--json'], { dir }));
    expect(who.find((r) => r.slug === 'dan-new')).toMatchObject({ new: true, warm: false });
    expect(who.find((r) => r.slug === 'olga-old')).toMatchObject({ new: false, warm: false });
    expect(pln(['who', 'games'], { dir }).stdout).toMatch(/^Dan New +new /m);
    const cold = jsonOf<{ slug: string }[]>(pln(['who', 'games', '--cold', '--json'], { dir }));
    expect(cold.map((r) => r.slug)).toEqual(['olga-old']);
    // Not due either: the first check-in is one cadence after they were added.
    expect(jsonOf<{ slug: string }[]>(pln(['due', '--json'], { dir })).map((r) => r.slug)).toEqual(['olga-old']);
  });
});

describe('notes without an editor', () => {
  it('note adds only its own lines, above ## Log', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    const r = pln(['note', 'grace', 'Keeps a nanosecond of wire on her desk.'], { dir });
    expect(r).toEqual({ stdout: 'Noted for Grace Hopper.\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/grace-hopper.md')).toBe(GRACE.replace('Navy.\n', 'Navy.\n\nKeeps a nanosecond of wire on her desk.\n'));
    expect(pln(['show', 'grace'], { dir }).stdout).toContain('  Navy.\n\n  Keeps a nanosecond of wire on her desk.\n');
    expect(jsonOf<{ slug: string }[]>(pln(['search', 'nanosecond', '--json'], { dir })).map((x) => x.slug)).toEqual(['grace-hopper']);
  });

  it('add makes a file with a place for notes; add --note and note fill it', () => {
    const dir = network({});
    expect(pln(['add', 'Dan New', '--note', 'Met at the meetup.'], { dir }).code).toBe(0);
    expect(pln(['note', 'dan', 'Second thought.'], { dir }).code).toBe(0);
    expect(read(dir, 'contacts/dan-new.md')).toBe(
      '---\nname: Dan New\ntags: []\nexpertise: []\nadded: 2026-11-29\n---\n\n## Notes\n\nMet at the meetup.\n\nSecond thought.\n\n## Log\n\n## Follow-ups\n',
    );
    expect(pln(['show', 'dan'], { dir }).stdout).toContain('Notes\n  Met at the meetup.\n\n  Second thought.\n');
  });

  it('doctor warns about lines in Follow-ups that are not tasks', () => {
    const dir = network({ 'contacts/grace-hopper.md': `${GRACE}\n## Follow-ups\n- [ ] send the wire\nshe moved to Boston\n` });
    const r = pln(['doctor'], { dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('contacts/grace-hopper.md:12: warning: "she moved to Boston" in Follow-ups is not a task');
  });

  it('doctor warns about lines in Log that are not entries, and list items in Follow-ups that are not tasks', () => {
    const body = '\n## Log\n- 2026-11-20 call: fine\n- 11/20/2026 call: us date\n- call with bob\n\n## Follow-ups\n1. [ ] send the deck 📅 2026-11-27\n- email Bob about the job\n';
    const dir = network({ 'contacts/bo.md': contact('name: Bo', body) });
    const r = pln(['doctor'], { dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'contacts/bo.md:7: warning: "- 11/20/2026 call: us date" in Log is not an entry, so no command reads it (make it "- YYYY-MM-DD kind: text")',
        'contacts/bo.md:8: warning: "- call with bob" in Log is not an entry, so no command reads it (make it "- YYYY-MM-DD kind: text")',
        'contacts/bo.md:11: warning: "1. [ ] send the deck 📅 2026-11-27" in Follow-ups is not a task, so no command reads it (make it "- [ ] …", or move it above ## Log; pln note adds notes)',
        'contacts/bo.md:12: warning: "- email Bob about the job" in Follow-ups is not a task, so no command reads it (make it "- [ ] …", or move it above ## Log; pln note adds notes)',
        '4 problems in 1 file; 1 contacts read.',
        '',
      ].join('\n'),
    );
  });
});

describe('pln undo', () => {
  it('restores the bytes of a log, then removes a file made by add, newest first, once each', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    expect(pln(['add', 'Dan New'], { dir }).code).toBe(0);
    const afterAdd = hashTree(dir);
    expect(pln(['log', 'grace', 'call: about COBOL'], { dir }).code).toBe(0);
    expect(read(dir, 'contacts/grace-hopper.md')).not.toBe(GRACE);
    const u1 = pln(['undo'], { dir });
    expect(u1).toEqual({ stdout: 'Undid "pln log grace call: about COBOL": restored contacts/grace-hopper.md.\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/grace-hopper.md')).toBe(GRACE);
    expect(hashTree(dir)).toEqual(afterAdd);
    const u2 = pln(['undo'], { dir });
    expect(u2.stdout).toBe('Undid "pln add Dan New": removed contacts/dan-new.md.\n');
    expect(fs.existsSync(path.join(dir, 'contacts/dan-new.md'))).toBe(false);
    expect(pln(['undo'], { dir }).stdout).toBe('Nothing to undo.\n');
  });

  it('done puts ✅ DATE before an Obsidian block id, and undo restores the bytes', async () => {
    const text = contact('name: Bo Block', '## Follow-ups\r\n- [ ] x 📅 2026-12-01 #tag ^block1\r\n- [ ] y ^b-2  \r\n');
    const dir = network({ 'contacts/bo.md': text });
    expect(await plnIn(['done', 'bo', 'x'], { dir })).toEqual({ stdout: 'Done: x #tag ^block1 (Bo Block).\n', stderr: '', code: 0 });
    expect(await plnIn(['done', 'bo', 'y'], { dir })).toEqual({ stdout: 'Done: y ^b-2 (Bo Block).\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/bo.md')).toBe(contact('name: Bo Block', '## Follow-ups\r\n- [x] x 📅 2026-12-01 #tag ✅ 2026-11-29 ^block1\r\n- [x] y ✅ 2026-11-29 ^b-2  \r\n'));
    expect((await plnIn(['undo'], { dir })).code).toBe(0);
    expect((await plnIn(['undo'], { dir })).code).toBe(0);
    expect(read(dir, 'contacts/bo.md')).toBe(text);
  });

  it('undoes a log of several people as one change', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace-hopper.md': GRACE });
    const before = hashTree(dir);
    expect(pln(['log', 'ada,grace', 'coffee: x'], { dir }).code).toBe(0);
    expect(pln(['undo'], { dir }).stdout).toBe('Undid "pln log ada,grace coffee: x": restored contacts/ada-lovelace.md, restored contacts/grace-hopper.md.\n');
    expect(hashTree(dir)).toEqual(before);
  });

  it('names a change by its words, global options left out, but not an argument after -- that looks like one', () => {
    const dir = network({});
    expect(pln(['--no-color', 'add', '--', '--dir=x y'], { dir }).code).toBe(0);
    expect(pln(['undo', '--dry-run'], { dir }).stdout).toBe('Would undo "pln add -- --dir=x y": removed contacts/dir-x-y.md.\n');
    // Every spelling of a global option is left out, as the program reads them (`-dDIR` too).
    expect(pln([`-d${dir}`, '--debug', 'add', 'Zoe Z'], { dir: undefined, cwd: dir }).code).toBe(0);
    expect(pln(['undo', '--dry-run'], { dir }).stdout).toBe('Would undo "pln add Zoe Z": removed contacts/zoe-z.md.\n');
  });

  it('refuses, with the reason, when the file changed since; --dry-run changes nothing', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    expect(pln(['done', 'grace'], { dir, env: {} }).code).not.toBe(0); // no open follow-up: nothing written
    expect(pln(['set', 'grace', 'role', 'Rear Admiral'], { dir }).code).toBe(0);
    const dry = pln(['undo', '--dry-run'], { dir });
    expect(dry.stdout).toBe('Would undo "pln set grace role Rear Admiral": restored contacts/grace-hopper.md.\n');
    expect(read(dir, 'contacts/grace-hopper.md')).toContain('role: Rear Admiral');
    fs.appendFileSync(path.join(dir, 'contacts/grace-hopper.md'), 'edited by hand\n');
    const edited = read(dir, 'contacts/grace-hopper.md');
    const r = pln(['undo'], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('pln: contacts/grace-hopper.md changed since pln wrote it (by hand, or by a sync); nothing undone (edit it by hand, or see git)\n');
    expect(read(dir, 'contacts/grace-hopper.md')).toBe(edited);
  });

  it('a tampered journal never writes outside the network', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    fs.mkdirSync(path.join(dir, '.pln'), { recursive: true });
    const evil = [{ id: 'x', at: '', command: 'x', files: [{ rel: '../outside.md', before: 'pwned', after: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }] }];
    fs.writeFileSync(path.join(dir, '.pln/journal.json'), JSON.stringify(evil));
    expect(pln(['undo'], { dir }).stdout).toBe('Nothing to undo.\n');
    expect(fs.existsSync(path.join(dir, '../outside.md'))).toBe(false);
  });
});

describe('dates people type, end to end', () => {
  it('--due "jan 15" gives the next 15 January and prints its weekday', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    const r = pln(['followup', 'grace', 'send the wire', '--due', 'jan 15'], { dir });
    expect(r).toEqual({ stdout: 'Follow-up for Grace Hopper, due Fri 15 Jan 2027.\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/grace-hopper.md')).toContain('- [ ] send the wire 📅 2027-01-15\n');
  });

  it('--due 12/05 exits 2 with the ISO forms, and writes nothing', () => {
    const dir = network({ 'contacts/grace-hopper.md': GRACE });
    const before = hashTree(dir);
    const r = pln(['followup', 'grace', 'x', '--due', '12/05'], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('pln: --due "12/05" is ambiguous: day and month order differ by country; write it as YYYY-MM-DD (2026-12-05 or 2027-05-12?)');
    expect(hashTree(dir)).toEqual(before);
    const l = pln(['log', 'grace', '--date', 'last week', 'call: x'], { dir });
    expect(l.stdout).toBe('Logged for Grace Hopper on Sun 22 Nov 2026 (call).\n');
  });
});

describe('the same filters everywhere', () => {
  const A = contact('name: Ann Acme\ncompany: Acme Corp\ntags: [mentor]\nexpertise: [rust]\ncadence: 30d', '## Log\n- 2026-01-01 call: x\n\n## Follow-ups\n- [ ] send a 📅 2026-11-01\n');
  const B = contact('name: Bob Beta\ncompany: Beta Ltd\ntags: [peer]\nexpertise: [rust]\ncadence: 30d', '## Log\n- 2026-01-01 call: x\n\n## Follow-ups\n- [ ] send b 📅 2026-11-01\n');
  const slugs = (r: ReturnType<typeof pln>) => jsonOf<{ slug: string }[]>(r).map((x) => x.slug);

  it('--company, --tag and --expertise on list, due, followups, who, today, suggest and export', () => {
    const dir = network({ 'contacts/ann-acme.md': A, 'contacts/bob-beta.md': B });
    expect(slugs(pln(['due', '--json'], { dir }))).toEqual(['ann-acme', 'bob-beta']);
    expect(slugs(pln(['due', '--company', 'Acme', '--json'], { dir }))).toEqual(['ann-acme']);
    expect(pln(['due', '--company', 'Acme'], { dir }).stdout).not.toContain('Bob');
    expect(slugs(pln(['list', '--company', 'acme', '--json'], { dir }))).toEqual(['ann-acme']);
    expect(slugs(pln(['followups', '--tag', 'peer', '--json'], { dir }))).toEqual(['bob-beta']);
    expect(slugs(pln(['who', 'rust', '--company', 'beta', '--json'], { dir }))).toEqual(['bob-beta']);
    expect(slugs(pln(['suggest', '--tag', 'mentor', '--json'], { dir }))).toEqual(['ann-acme']);
    expect(slugs(pln(['due', '--expertise', 'go', '--json'], { dir }))).toEqual([]);
    const today = pln(['today', '--company', 'acme'], { dir }).stdout;
    expect(today).toContain('Ann Acme');
    expect(today).not.toContain('Bob Beta');
    expect(pln(['export', '--format', 'json', '--company', 'acme'], { dir }).stdout).not.toContain('bob-beta');
  });
});

describe('typos and names', () => {
  const WEI = contact('name: Wei Zhang\ntags: [mentor]');
  const SOFIA = contact('name: Sofia Rossi\ntags: [peer]\ncolour: teal');

  it('set introduced_by and knows resolve WHO as everywhere else', () => {
    const dir = network({ 'contacts/wei-zhang.md': WEI, 'contacts/sofia-rossi.md': SOFIA });
    const r = pln(['set', 'sofia', 'introduced_by', 'wei'], { dir });
    expect(r).toEqual({ stdout: 'Sofia Rossi: introduced_by = wei-zhang\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/sofia-rossi.md')).toContain('\nintroduced_by: wei-zhang\n');
    expect(pln(['set', 'wei', 'knows', 'Sofia Rossi, [[wei]], someone-else'], { dir }).stderr).toBe('warning: knows: "someone-else" is nobody in the network (kept as written; see pln list)\n');
    expect(read(dir, 'contacts/wei-zhang.md')).toContain('knows: [sofia-rossi, "[[wei-zhang]]", someone-else]');
  });

  it('unknown keys and near-miss tags get a did-you-mean, and are still written', () => {
    const dir = network({ 'contacts/wei-zhang.md': WEI, 'contacts/sofia-rossi.md': SOFIA });
    let r = pln(['set', 'wei', 'emial', 'wei@example.com'], { dir });
    expect(r).toEqual({ stdout: 'Wei Zhang: emial = wei@example.com\n', stderr: 'warning: "emial" is not a key pln reads; did you mean email? (written anyway: other keys are yours)\n', code: 0 });
    expect(read(dir, 'contacts/wei-zhang.md')).toContain('emial: wei@example.com');
    // A key someone already has is the user's own: no word.
    expect(pln(['set', 'wei', 'colour', 'red'], { dir }).stderr).toBe('');
    expect(pln(['set', 'wei', 'pronouns', 'he/him'], { dir }).stderr).toBe('');
    r = pln(['tag', 'sofia', 'mentr'], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: "mentr" is a new tag; did you mean mentor? (1 person has it; added anyway)\n');
    expect(read(dir, 'contacts/sofia-rossi.md')).toContain('tags: [peer, mentr]');
    expect(pln(['tag', 'sofia', 'rust'], { dir }).stderr).toBe('');
    // pln add --tag gets the same word; the person is still added with it.
    r = pln(['add', 'Zed Example', '--tag', 'mentorr'], { dir });
    expect(r).toEqual({ stdout: 'Added Zed Example (contacts/zed-example.md).\n', stderr: 'warning: "mentorr" is a new tag; did you mean mentor? (1 person has it; added anyway)\n', code: 0 });
    expect(read(dir, 'contacts/zed-example.md')).toMatch(/^tags: \[mentorr\]$/m);
  });

  it('an unknown command suggests the nearest: pln dew → due', () => {
    const r = pln(['dew']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pln: unknown command 'dew'\n(Did you mean due?)\n");
    expect(pln(['xyzzy']).stderr).not.toContain('Did you mean');
  });
});

describe('small text fixes', () => {
  it('today says "1 day overdue", not "yesterday overdue"', () => {
    const dir = network({ 'contacts/grace-hopper.md': contact('name: Grace Hopper\ncadence: none', '## Follow-ups\n- [ ] send the wire 📅 2026-11-28\n') });
    const r = pln(['today'], { dir });
    expect(r.stdout).toContain('Grace Hopper: send the wire · 1 day overdue');
    expect(r.stdout).not.toContain('yesterday overdue');
  });

  it('export --format ics counts calendar entries, not people', () => {
    const dir = network({
      'contacts/grace-hopper.md': contact('name: Grace Hopper\ncadence: none', '## Follow-ups\n- [ ] a 📅 2026-12-01\n- [ ] b 📅 2026-12-02\n'),
      'contacts/x.md': contact('name: X\ncadence: none'),
    });
    const r = pln(['export', '--format', 'ics', '--output', path.join(dir, 'out.ics')], { dir });
    expect(r).toEqual({ stdout: '', stderr: `Wrote 2 calendar entries to ${path.join(dir, 'out.ics')}.\n`, code: 0 });
  });

  it('due at 60 columns shows the date whole instead of cutting "(7 months ago)"', () => {
    const dir = network({ 'contacts/grace-hopper.md': contact('name: Grace Hopper Longname\ncadence: 30d', '## Log\n- 2026-04-01 call: x\n') });
    const r = pln(['due'], { dir, env: { COLUMNS: '60' } });
    expect(r.stdout).toContain('2026-04-01 ');
    expect(r.stdout).not.toContain('…');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});

for (const cache of [true, false]) {
  const env = cache ? {} : { PLN_NO_CACHE: '1' };
  describe(`topics by the words people use (${cache ? 'with' : 'without'} the cache)`, () => {
    const files = {
      'contacts/kim.md': contact('name: Kim Kube\nexpertise: [kubernetes, go]'),
      'contacts/lee.md': contact('name: Lee Lee\nexpertise: [k8s]'),
      'contacts/tex.md': contact('name: Don Knuth\nexpertise: [latex]'),
      'contacts/pat.md': contact('name: Pat Post\nexpertise: [postgres]'),
    };

    it('who k8s finds a kubernetes expert; topic_aliases works; topics groups synonyms', () => {
      const dir = network({ ...files, 'pln.yml': 'topic_aliases:\n  typesetting: [tex, latex]\n' });
      for (let run = 0; run < 2; run++) {
        const k8s = jsonOf<{ slug: string; score: number }[]>(pln(['who', 'k8s', '--json'], { dir, env }));
        expect(k8s.map((r) => [r.slug, r.score])).toEqual([
          ['kim', 1],
          ['lee', 1],
        ]);
        expect(jsonOf<{ slug: string }[]>(pln(['who', 'kubernetes', '--json'], { dir, env })).map((r) => r.slug)).toEqual(['kim', 'lee']);
        expect(jsonOf<{ slug: string }[]>(pln(['who', 'pg', '--json'], { dir, env })).map((r) => r.slug)).toEqual(['pat']);
        expect(jsonOf<{ slug: string }[]>(pln(['who', 'typesetting', '--json'], { dir, env })).map((r) => r.slug)).toEqual(['tex']);
      }
      const topics = jsonOf<{ topic: string; count: number; also: string[] }[]>(pln(['topics', '--json'], { dir, env }));
      expect(topics[0]).toMatchObject({ topic: 'kubernetes', count: 2, also: ['k8s'] });
      expect(pln(['topics'], { dir, env }).stdout).toContain('kubernetes (also k8s)');
    });
  });
}
