/**
 * `pln sync` end to end: a bare repository in a temp folder stands in for the
 * server; machines A and B are two clones; every step is the real binary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaWith } from '../helpers/fixtures.js';
import { bareRepo, cloneMachine, gitIn, isClean, isolateGit, tempDir } from '../helpers/git.js';
import { jsonOf, pln, read } from '../helpers/pln.js';

beforeAll(() => isolateGit());

const ADA = adaWith(
  { company: 'Analytical Engines', role: 'Engineer', tags: ['mentor'] },
  'Met at RustConf.\n\n## Log\n- 2026-11-01 call: hello\n\n## Follow-ups\n- [ ] send the paper 📅 2026-12-05\n',
);

/** Machine A creates the network and pushes it; machine B clones it. */
function twoMachines(): { a: string; b: string; server: string } {
  const parent = tempDir();
  const server = bareRepo(parent);
  const a = cloneMachine(server, parent, 'a');
  expect(pln(['init', a, '--git']).code).toBe(0);
  fs.writeFileSync(path.join(a, 'contacts', 'ada-lovelace.md'), ADA);
  const first = pln(['sync'], { dir: a });
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const b = cloneMachine(server, parent, 'b');
  expect(pln(['sync'], { dir: b }).code).toBe(0);
  return { a, b, server };
}

const sync = (dir: string) => pln(['sync'], { dir });

const ADA_FILE = 'contacts/ada-lovelace.md';

/** Replaces `from` by `to` in Ada's file on machine `m`, by hand. */
function editAda(m: string, from: string, to: string): void {
  fs.writeFileSync(path.join(m, ADA_FILE), read(m, ADA_FILE).replace(from, to));
}

describe('pln sync between two machines', () => {
  it('a change on A reaches B after sync on both', () => {
    const { a, b } = twoMachines();
    expect(pln(['add', 'Grace Hopper', '--tag', 'navy'], { dir: a }).code).toBe(0);
    const ra = sync(a);
    expect(ra.code).toBe(0);
    expect(ra.stdout).toMatch(/Committed pln: .*grace-hopper/);
    expect(sync(b).code).toBe(0);
    expect(jsonOf<{ slug: string }[]>(pln(['list', '--json'], { dir: b })).map((p) => p.slug)).toEqual(['ada-lovelace', 'grace-hopper']);
    expect(isClean(a) && isClean(b)).toBe(true);
  });

  it('both log for the same person on the same day: both entries everywhere, no conflict', () => {
    const { a, b } = twoMachines();
    pln(['log', 'ada', 'from the laptop'], { dir: a });
    pln(['log', 'ada', 'from the desktop'], { dir: b });
    expect(sync(a).code).toBe(0);
    const rb = sync(b);
    expect(rb.stderr).toBe('');
    expect(rb.code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) {
      const text = read(m, 'contacts/ada-lovelace.md');
      expect(text).toContain('- 2026-11-29: from the laptop\n');
      expect(text).toContain('- 2026-11-29: from the desktop\n');
      expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
      expect(isClean(m)).toBe(true);
    }
    expect(read(a, 'contacts/ada-lovelace.md')).toBe(read(b, 'contacts/ada-lovelace.md'));
  });

  it('both add follow-ups to the same person: both kept', () => {
    const { a, b } = twoMachines();
    pln(['followup', 'ada', 'book a call', '--due', 'friday'], { dir: a });
    pln(['followup', 'ada', 'send slides'], { dir: b });
    expect(sync(a).code).toBe(0);
    expect(sync(b).code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) {
      const f = jsonOf<{ followups: { text: string }[] }>(pln(['show', 'ada', '--json'], { dir: m })).followups.map((x) => x.text);
      expect(f).toEqual(expect.arrayContaining(['send the paper', 'book a call', 'send slides']));
    }
  });

  it('A sets company, B sets role (adjacent lines): both kept', () => {
    const { a, b } = twoMachines();
    pln(['set', 'ada', 'company', 'Babbage & Co'], { dir: a });
    pln(['set', 'ada', 'role', 'Principal Engineer'], { dir: b });
    expect(sync(a).code).toBe(0);
    expect(sync(b).code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) {
      expect(jsonOf<Record<string, unknown>>(pln(['show', 'ada', '--json'], { dir: m }))).toMatchObject({ company: 'Babbage & Co', role: 'Principal Engineer' });
    }
  });

  it('A and B set role differently: B exits 1 naming file and key, is not mid-merge, keeps its commit, and syncs once resolved', () => {
    const { a, b } = twoMachines();
    pln(['set', 'ada', 'role', 'Manager'], { dir: a });
    pln(['set', 'ada', 'role', 'Architect'], { dir: b });
    expect(sync(a).code).toBe(0);
    const r = sync(b);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/contacts\/ada-lovelace\.md/);
    expect(r.stderr).toMatch(/role/);
    expect(r.stderr.split('\n')[0]).toMatch(/^pln: /);
    expect(isClean(b)).toBe(true);
    expect(gitIn(b, 'show', 'HEAD:contacts/ada-lovelace.md')).toContain('role: Architect');
    expect(read(b, 'contacts/ada-lovelace.md')).toContain('role: Architect');
    // The user decides, then syncs again.
    expect(pln(['set', 'ada', 'role', 'Architect and Manager'], { dir: b }).code).toBe(0);
    const again = sync(b);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) expect(read(m, 'contacts/ada-lovelace.md')).toContain('role: Architect and Manager\n');
  });

  it('two clashes in the notes: deciding one settles that one only; the other stays a conflict until decided', () => {
    const { a, b } = twoMachines();
    editAda(a, 'Met at RustConf.\n', 'line one\nmiddle stays\nline three\n');
    expect(sync(a).code).toBe(0);
    expect(sync(b).code).toBe(0);
    editAda(a, 'line one', 'A-first');
    editAda(a, 'line three', 'A-third');
    expect(sync(a).code).toBe(0);
    editAda(b, 'line one', 'B-first');
    editAda(b, 'line three', 'B-third');
    const first = sync(b);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('yours: "B-first", theirs: "A-first"');
    expect(first.stderr).toContain('yours: "B-third", theirs: "A-third"');
    // B decides the first line only: the second is still a conflict, and A's third line is not lost.
    editAda(b, 'B-first', 'decided');
    const second = sync(b);
    expect(second.code).toBe(1);
    expect(second.stderr).not.toContain('B-first');
    expect(second.stderr).toContain('yours: "B-third", theirs: "A-third"');
    expect(gitIn(b, 'show', 'origin/HEAD:' + ADA_FILE)).toContain('A-third');
    editAda(b, 'B-third', 'decided too');
    const third = sync(b);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) expect(read(m, ADA_FILE)).toContain('decided\nmiddle stays\ndecided too\n');
  });

  it('two clashes with the same text on the other machine (both lines deleted there) are still decided one at a time', () => {
    const { a, b } = twoMachines();
    editAda(a, 'Met at RustConf.\n', 'line one\nline two\nline three\nline four\n');
    expect(sync(a).code).toBe(0);
    expect(sync(b).code).toBe(0);
    editAda(a, 'line one\n', '');
    editAda(a, 'line four\n', '');
    expect(sync(a).code).toBe(0);
    editAda(b, 'line one', 'line one B');
    editAda(b, 'line four', 'line four B');
    expect(sync(b).code).toBe(1);
    editAda(b, 'line one B', 'line one final');
    const second = sync(b);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('yours: "line four B", theirs: removed');
    editAda(b, 'line four B\n', '');
    const third = sync(b);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(read(b, ADA_FILE)).toContain('line one final\nline two\nline three\n\n## Log');
  });

  it('pln.yml changed on both machines is merged key by key; a key set two ways is a conflict naming it, and --ours keeps the rest of theirs', () => {
    const { a, b } = twoMachines();
    const yml = (m: string) => read(m, 'pln.yml');
    const write = (m: string, text: string) => fs.writeFileSync(path.join(m, 'pln.yml'), text);
    write(a, `${yml(a).replace('default_cadence: 90d', 'default_cadence: 14d')}goals: [rust]\n`);
    expect(sync(a).code).toBe(0);
    write(b, `${yml(b)}owner: Ada\n`);
    const rb = sync(b);
    expect(rb.stderr).toBe('');
    expect(rb.code).toBe(0);
    expect(sync(a).code).toBe(0);
    for (const m of [a, b]) {
      expect(yml(m)).toMatch(/^default_cadence: 14d$/m);
      expect(yml(m)).toMatch(/^goals: \[rust\]$/m);
      expect(yml(m)).toMatch(/^owner: Ada$/m);
    }
    // The same key two ways: named; --ours settles it and keeps the other machine's other change.
    expect(pln(['config', 'set', 'default_cadence', '30d'], { dir: a }).code).toBe(0);
    expect(pln(['config', 'set', 'autocommit', 'true'], { dir: a }).code).toBe(0);
    expect(sync(a).code).toBe(0);
    expect(pln(['config', 'set', 'default_cadence', '45d'], { dir: b }).code).toBe(0);
    const clash = sync(b);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/pln\.yml.*default_cadence/s);
    expect(sync(b).code).toBe(1);
    const ours = pln(['sync', '--ours'], { dir: b });
    expect(ours.code).toBe(0);
    expect(yml(b)).toMatch(/^default_cadence: 45d$/m);
    expect(yml(b)).toMatch(/^autocommit: true$/m);
  });

  it("a pln.yml that git's line merge takes but that would not read back (a key added on both machines) stops the sync; --theirs takes theirs", () => {
    const { a, b } = twoMachines();
    fs.writeFileSync(path.join(a, 'pln.yml'), `owner: Ada (laptop)\n${read(a, 'pln.yml')}`);
    expect(sync(a).code).toBe(0);
    fs.writeFileSync(path.join(b, 'pln.yml'), `${read(b, 'pln.yml')}owner: Ada (desktop)\n`);
    const r = sync(b);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^pln: could not merge origin\/main: pln\.yml: the two machines' changes merged line by line would not read back \(.*\)/);
    expect(isClean(b)).toBe(true);
    // Not merged: HEAD is b's own commit (one parent), no merge in progress.
    expect(gitIn(b, 'rev-list', '--parents', '-1', 'HEAD').trim().split(' ')).toHaveLength(2);
    expect(pln(['config', 'list'], { dir: b }).code).toBe(0);
    const theirs = pln(['sync', '--theirs'], { dir: b });
    expect(theirs.code).toBe(0);
    expect(read(b, 'pln.yml')).toBe(read(a, 'pln.yml'));
    expect(gitIn(b, 'log', '-1', '--format=%s')).toMatch(/^pln: merge origin\/main/);
    expect(sync(a).code).toBe(0);
    expect(pln(['config', 'list'], { dir: a }).code).toBe(0);
  });

  it('a remote that does not exist: non-zero within seconds, the local change committed', () => {
    const { a } = twoMachines();
    gitIn(a, 'remote', 'set-url', 'origin', path.join(tempDir(), 'gone.git'));
    pln(['log', 'ada', 'offline note'], { dir: a });
    const start = Date.now();
    const r = sync(a);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/origin/);
    expect(gitIn(a, 'show', 'HEAD:contacts/ada-lovelace.md')).toContain('offline note');
    expect(isClean(a)).toBe(true);
  });

  it('refuses outside a git repository', () => {
    const dir = tempDir();
    pln(['init', dir]);
    const r = sync(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a git repository/);
  });
});

describe('autocommit', () => {
  it('every write leaves git status clean; a failing autocommit warns but the command succeeds', () => {
    const { a } = twoMachines();
    expect(pln(['config', 'set', 'autocommit', 'true'], { dir: a }).code).toBe(0);
    // Turning autocommit on is itself committed.
    expect(isClean(a)).toBe(true);
    for (const args of [
      ['log', 'ada', 'x'],
      ['tag', 'ada', 'friend'],
      ['set', 'ada', 'role', 'CTO'],
      ['followup', 'ada', 'y'],
      ['done', 'ada', 'paper'],
      ['add', 'Bob Builder'],
      ['unset', 'ada', 'role'],
    ]) {
      const r = pln(args, { dir: a });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(isClean(a), args.join(' ')).toBe(true);
    }
    expect(gitIn(a, 'log', '-1', '--format=%s')).toMatch(/^pln: unset ada-lovelace role/);
    // A git that cannot commit (a lock held by another process): warn, succeed, keep the write.
    fs.writeFileSync(path.join(a, '.git', 'index.lock'), '');
    const r = pln(['log', 'ada', 'while locked'], { dir: a });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/autocommit/);
    expect(read(a, 'contacts/ada-lovelace.md')).toContain('while locked');
  });
});
