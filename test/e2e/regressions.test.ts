/** Regression tests, one per defect found by trying pln as a user would. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, pln, read, tempDir } from '../helpers/pln.js';

const people = {
  'contacts/ann.md': contact('name: Ann Mentor\ntags: [mentor, rust]\ncompany: Acme Corp'),
  'contacts/bob.md': contact('name: Bob Peer\ntags: [peer, rust]\ncompany: Nimbus'),
  'contacts/cat.md': contact('name: Cat Both\ntags: [mentor, peer]\ncompany: Other'),
};

describe('regressions', () => {
  it('pln edit opens a file that no longer parses, so it can be fixed', async () => {
    const dir = network({ 'contacts/broken.md': '---\nname: [oops\n---\n' });
    const fixer = path.join(dir, 'fix.sh');
    fs.writeFileSync(fixer, '#!/bin/sh\nprintf -- "---\\nname: Fixed\\n---\\n" > "$1"\n', { mode: 0o755 });
    // Spawned: the editor shares the terminal of the real program.
    const r = pln(['edit', 'broken'], { dir, env: { EDITOR: fixer } });
    expect(r.code).toBe(0);
    expect(jsonOf<{ name: string }[]>(await plnIn(['list', '--json'], { dir })).map((p) => p.name)).toEqual(['Fixed']);
  });

  it('repeated --tag means all of them, comma-separated too; repeated --company any of them', async () => {
    const dir = network(people);
    const names = async (args: string[]) => jsonOf<{ name: string }[]>(await plnIn(['list', ...args, '--json'], { dir })).map((p) => p.name);
    expect(await names(['--tag', 'mentor', '--tag', 'peer'])).toEqual(['Cat Both']);
    expect(await names(['--tag', 'mentor,rust'])).toEqual(['Ann Mentor']);
    expect(await names(['--company', 'acme', '--company', 'nimbus'])).toEqual(['Ann Mentor', 'Bob Peer']);
    expect(jsonOf<{ slug: string }[]>(await plnIn(['due', '--tag', 'peer', '--tag', 'rust', '--json'], { dir })).map((p) => p.slug)).toEqual(['bob']);
  });

  it('control characters are refused before they reach a file', async () => {
    const dir = network(people);
    const before = hashTree(dir);
    for (const args of [
      ['log', 'ann', 'esc \u001b[31mred'],
      ['followup', 'ann', 'bell\u0007'],
      ['set', 'ann', 'role', 'x\u001b]0;t\u0007'],
      ['tag', 'ann', 'a\u0007b'],
    ]) {
      const r = await plnIn(args, { dir });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/control characters/);
    }
    expect(hashTree(dir)).toEqual(before);
  });

  it('pln tag with no real tags is a usage error', async () => {
    const dir = network(people);
    expect((await plnIn(['tag', 'ann', ',,,'], { dir })).code).toBe(2);
  });

  it('export then import keeps last contacts and due dates', async () => {
    const dir = network({
      'pln.yml': 'default_cadence: 30d\n',
      'contacts/a.md': contact('name: Al Logged\ncadence: 2w', '\n## Log\n- 2026-11-01 call: x\n'),
      'contacts/b.md': contact('name: Bea Imported\nlast_contact: 2026-10-10'),
      'contacts/c.md': contact('name: Cy Never\nadded: 2026-11-20'),
    });
    const out = path.join(tempDir(), 'n.json');
    await plnIn(['export', '--format', 'json', '--output', out], { dir });
    const empty = network({ 'pln.yml': 'default_cadence: 30d\n' });
    expect((await plnIn(['import', out], { dir: empty })).code).toBe(0);
    const dates = async (d: string) =>
      jsonOf<{ name: string; last_contact: string | null; due_date: string }[]>(await plnIn(['list', '--json'], { dir: d })).map((p) => [p.name, p.last_contact, p.due_date]);
    // The JSON export is a backup: each file comes back as it was, at its path.
    expect(await dates(empty)).toEqual(await dates(dir));
    for (const f of ['contacts/a.md', 'contacts/b.md', 'contacts/c.md']) expect(read(empty, f)).toBe(read(dir, f));
  });

  it('pln init --sample refuses to fill an existing network', async () => {
    const dir = network(people);
    const before = hashTree(dir);
    const r = await plnIn(['init', dir, '--sample']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already a network/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('file names keep letters that have an ASCII spelling; names without Latin letters keep their own script', async () => {
    const dir = network({});
    expect((await plnIn(['add', 'Łukasz Øster Æbel Guðrún'], { dir })).code).toBe(0);
    expect((await plnIn(['add', 'Þór'], { dir })).code).toBe(0);
    expect((await plnIn(['add', '名前'], { dir })).code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'contacts')).sort();
    expect(files).toEqual(['lukasz-oster-aebel-gudrun.md', 'thor.md', '名前.md']);
    expect(jsonOf<{ name: string }>(await plnIn(['show', '名前', '--json'], { dir })).name).toBe('名前');
  });

  it('pln add --dry-run prints a patch git can apply', async () => {
    const dir = network({});
    const r = await plnIn(['add', 'Diff Test', '--tag', 'x', '--dry-run'], { dir });
    expect(r.stdout).toMatch(/^--- \/dev\/null\n\+\+\+ b\/contacts\/diff-test\.md\n@@ -0,0 \+1,\d+ @@$/m);
    const patch = path.join(tempDir(), 'a.patch');
    fs.writeFileSync(patch, r.stdout);
    spawnSync('git', ['init', '-q', dir]);
    const check = spawnSync('git', ['-C', dir, 'apply', '--check', patch], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'contacts', 'diff-test.md'))).toBe(false);
  });

  it('file-system refusals are one clear line, not an internal error', async () => {
    const dir = network(people);
    const r = await plnIn(['list', '--dir', path.join(dir, 'pln.yml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/pln\.yml/);
    const file = path.join(tempDir(), 'afile');
    fs.writeFileSync(file, 'x');
    const init = await plnIn(['init', path.join(file, 'net')]);
    expect(init.code).toBe(1);
    expect(init.stderr).toMatch(/is a file, not a folder/);
  });

  it('usage errors raised by pln show the usage of the command', async () => {
    const dir = network(people);
    const r = await plnIn(['log', 'ann', 'x', '--date', 'someday'], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pln: --date "someday" is not a date/);
    expect(r.stderr).toMatch(/^Usage: pln log \[options\] <who> \[text\.\.\.\]$/m);
    const c = await plnIn(['list', '--bogus'], { dir });
    expect(c.stderr).toMatch(/^pln: unknown option '--bogus'$/m);
  });

  it('search: an empty query is a usage error; JSON match values are whole', async () => {
    const long = 'This is a long note about kubernetes operators and the many ways they fail in production at scale.';
    const dir = network({ 'contacts/a.md': contact('name: Al', `${long}\n`) });
    expect((await plnIn(['search', ''], { dir })).code).toBe(2);
    const rows = jsonOf<{ matches: { field: string; value: string }[] }[]>(await plnIn(['who', 'kubernetes', '--json'], { dir }));
    expect(rows[0]!.matches).toContainEqual({ field: 'notes', value: long });
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`);
    expect((await plnIn(['who', ...many], { dir })).code).toBe(2);
  });

  it('pln --json is the agenda as JSON', async () => {
    const dir = network(people);
    const r = await plnIn(['--json'], { dir });
    expect(r.code).toBe(0);
    expect(jsonOf<{ date: string }>(r).date).toBe('2026-11-29');
  });

  it("pln show lists introductions, birthday, past companies and the user's own keys", async () => {
    const dir = network({
      'contacts/a.md': contact('name: Al\nintroduced_by: "[[b]]"\nknows: [b]\nbirthday: 12-01\npast_companies: [Acme]\npronouns: they/them'),
      'contacts/b.md': contact('name: Bo'),
    });
    const out = (await plnIn(['show', 'al'], { dir })).stdout;
    for (const line of [/^via:\s+b$/m, /^knows:\s+b$/m, /^birthday:\s+12-01$/m, /^past:\s+Acme$/m, /^pronouns:\s+they\/them$/m]) expect(out).toMatch(line);
  });

  it('doctor warns about log entries dated in the future', async () => {
    const dir = network({ 'contacts/a.md': contact('name: Al', '\n## Log\n- 2027-05-01 call: planned\n') });
    const r = await plnIn(['doctor'], { dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^contacts\/a\.md:6: warning: log entry dated 2027-05-01, in the future/m);
  });

  it('log --date accepts "3 days ago"', async () => {
    const dir = network(people);
    expect((await plnIn(['log', 'ann', 'x', '--date', '3 days ago'], { dir })).code).toBe(0);
    expect(read(dir, 'contacts/ann.md')).toContain('- 2026-11-26: x');
  });
});
