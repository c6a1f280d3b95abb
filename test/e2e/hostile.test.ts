/**
 * Hostile and broken files, all in one network: nothing runs, nothing hangs,
 * the healthy contacts still answer, every bad file is named, none is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, read, ROOT } from '../helpers/pln.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hostile');

/** Every hostile fixture plus generated ones (10 MB file, symlink out of the network). */
function hostileNetwork(): { dir: string; outside: string } {
  const files: Record<string, string | Buffer> = {
    'contacts/healthy-ada.md': contact('name: Ada Healthy\nexpertise: [rust, compilers]\ncadence: 30d', '\n## Log\n- 2026-09-01 call: hello\n\n## Follow-ups\n- [ ] send paper 📅 2026-11-01\n'),
    'contacts/healthy-bob.md': contact('name: Bob Healthy\nexpertise: [kubernetes]\ntags: [ops]'),
  };
  for (const f of fs.readdirSync(FIXTURES)) files[`contacts/${f}`] = fs.readFileSync(path.join(FIXTURES, f));
  files['contacts/huge.md'] = Buffer.alloc(10 * 1024 * 1024, 'a');
  const dir = network(files);
  const outside = network({ 'secret.md': contact('name: Outside Secret') });
  fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'contacts', 'symlink-out.md'));
  return { dir, outside };
}

const BAD = [
  'alias-bomb.md',
  'bare-string.md',
  'bom.md',
  'conflict.md',
  'deep-nesting.md',
  'empty.md',
  'escape-name.md',
  'huge.md',
  'invalid-utf8.md',
  'javascript-frontmatter.md',
  'js-frontmatter.md',
  'js-tags.md',
  'nul-bytes.md',
  'only-fence.md',
  'proto-keys.md',
  'symlink-out.md',
  'unclosed.md',
];

describe('a network full of hostile files', () => {
  it('read commands answer for the healthy contacts, quickly, warning once per bad file', async () => {
    const { dir } = hostileNetwork();
    const commands = [
      ['list', '--json'],
      ['due', '--json'],
      ['who', 'rust', '--json'],
      ['show', 'ada', '--json'],
      ['search', 'kubernetes', '--json'],
      ['followups', '--json'],
    ];
    for (const args of commands) {
      const start = Date.now();
      const r = await plnIn(args, { dir });
      // No blow-up (an alias bomb, a 10 MB file); generous, for a busy machine.
      expect(Date.now() - start, args.join(' ')).toBeLessThan(20_000);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const value = jsonOf(r);
      expect(JSON.stringify(value)).not.toMatch(/lol","lol","lol","lol","lol","lol","lol","lol","lol"\],\["lol/);
      const warned = r.stderr.trimEnd().split('\n');
      for (const bad of BAD)
        expect(
          warned.filter((w) => w.includes(`contacts/${bad}`)),
          `${args[0]} ${bad}`,
        ).toHaveLength(1);
      expect(warned.some((w) => w.includes('healthy'))).toBe(false);
    }
    const names = jsonOf<{ name: string }[]>(await plnIn(['list', '--json'], { dir })).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['Ada Healthy', 'Bob Healthy']));
    expect(names).not.toContain('Outside Secret');
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'kubernetes', '--json'], { dir }))[0]!.slug).toBe('healthy-bob');
  });

  it('nothing in a file is ever executed', async () => {
    const { dir } = hostileNetwork();
    for (const args of [['list'], ['due'], ['who', 'x'], ['show', 'tagged'], ['search', 'x'], ['doctor']]) await plnIn(args, { dir });
    for (const marker of ['PWNED_JS', 'PWNED_JAVASCRIPT', 'PWNED_FN']) {
      expect(fs.existsSync(path.join(dir, marker))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'contacts', marker))).toBe(false);
      expect(fs.existsSync(path.join(ROOT, marker))).toBe(false);
    }
    const tagged = jsonOf<{ frontmatter: Record<string, unknown> }>(await plnIn(['show', 'tagged', '--json'], { dir }));
    expect(typeof tagged.frontmatter.fn).toBe('string');
    expect(tagged.frontmatter.re).toBe('/a+/');
    const proto = jsonOf<{ frontmatter: Record<string, unknown> }>(await plnIn(['show', 'proto', '--json'], { dir }));
    expect(proto.frontmatter.__proto__).toEqual({ polluted: 'yes' });
  });

  it('no control character from a file reaches the terminal', async () => {
    const { dir } = hostileNetwork();
    for (const args of [['list'], ['who', 'rust'], ['show', 'mallory'], ['search', 'mallory'], ['due'], ['doctor']]) {
      const r = await plnIn(args, { dir, env: { FORCE_COLOR: '0' } });
      expect(r.stdout, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(r.stderr, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
    expect((await plnIn(['show', 'mallory'], { dir })).stdout).toContain('Mallory Red');
  });

  it('pln doctor names every bad file and none of the healthy ones', async () => {
    const { dir } = hostileNetwork();
    const r = await plnIn(['doctor'], { dir });
    expect(r.code).toBe(1);
    for (const bad of BAD) expect(r.stdout, bad).toMatch(new RegExp(`^contacts/${bad.replace('.', '\\.')}(:\\d+)?: `, 'm'));
    expect(r.stdout).not.toMatch(/healthy/);
    const problems = jsonOf<{ file: string; line: number; severity: string; message: string }[]>(await plnIn(['doctor', '--json'], { dir }));
    expect(new Set(problems.map((p) => p.file.replace('contacts/', '')))).toEqual(new Set(BAD));
    expect(problems.find((p) => p.file === 'contacts/conflict.md')).toMatchObject({ line: 3, severity: 'error' });
    expect(problems.find((p) => p.file === 'contacts/unclosed.md')).toMatchObject({ line: 1 });
  });

  it('no write command modifies any of them', async () => {
    const { dir, outside } = hostileNetwork();
    const before = hashTree(dir);
    const outsideBefore = hashTree(outside);
    const targets = ['tagged', 'proto', 'mallory', 'bom', 'conflict', 'unclosed', 'js-frontmatter', 'symlink-out', 'huge', 'nul-bytes', 'empty'];
    for (const who of targets) {
      await plnIn(['log', who, 'hello'], { dir });
      await plnIn(['tag', who, 'x'], { dir });
      await plnIn(['set', who, 'role', 'x'], { dir });
      await plnIn(['followup', who, 'x'], { dir });
    }
    const after = hashTree(dir);
    // The healthy-looking hostile files (BOM, odd keys, escapes) may be written: they parse.
    for (const bad of [
      'alias-bomb.md',
      'bare-string.md',
      'conflict.md',
      'deep-nesting.md',
      'empty.md',
      'huge.md',
      'invalid-utf8.md',
      'javascript-frontmatter.md',
      'js-frontmatter.md',
      'nul-bytes.md',
      'only-fence.md',
      'symlink-out.md',
      'unclosed.md',
    ]) {
      expect(after[`contacts/${bad}`], bad).toBe(before[`contacts/${bad}`]);
    }
    expect(hashTree(outside)).toEqual(outsideBefore);
  });

  it('doctor is clean (exit 0) on a healthy network', async () => {
    const dir = network({ 'contacts/a.md': contact('name: A\nknows: [b]'), 'contacts/b.md': contact('name: B\nintroduced_by: "[[a]]"') });
    expect(await plnIn(['doctor'], { dir })).toEqual({ stdout: 'All 2 contacts are fine.\n', stderr: '', code: 0 });
    const broken = network({ 'contacts/a.md': contact('name: A\nknows: [nobody-here]') });
    const r = await plnIn(['doctor'], { dir: broken });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^contacts\/a\.md:3: warning: knows: "nobody-here" is nobody in the network/m);
  });

  it('duplicate slugs across folders, case and Unicode normalisation are reported', async () => {
    const dir = network({
      'contacts/jose.md': contact('name: José One'),
      'contacts/work/JOSE.md': contact('name: José Two'),
      'contacts/zoë.md': contact('name: Zoe NFC'),
      [`contacts/other/${'zoë'.normalize('NFD')}.md`]: contact('name: Zoe NFD'),
    });
    const problems = jsonOf<{ file: string; message: string }[]>(await plnIn(['doctor', '--json'], { dir }));
    expect(problems.filter((p) => /duplicate slug/.test(p.message))).toHaveLength(2);
  });
});

describe('dates at the end of the calendar', () => {
  it('a last contact or log entry on 9999-12-31 makes the next check-in that day, not a crash', async () => {
    const dir = network({
      'contacts/ada.md': contact('name: Ada Lovelace\nlast_contact: 9999-12-31'),
      'contacts/grace.md': contact('name: Grace Hopper\ncadence: 1m', '\n## Log\n- 9999-12-15 call: far\n'),
    });
    const before = hashTree(dir);
    for (const args of [['due'], ['today'], ['stats'], ['suggest'], ['export', '--format', 'ics'], ['due', '--json'], ['log', 'grace']]) {
      const r = await plnIn(args, { dir });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
    const show = await plnIn(['show', 'ada', '--json'], { dir });
    expect(show.code).toBe(0);
    expect(jsonOf<{ due_date: string }>(show).due_date).toBe('9999-12-31');
    const grace = await plnIn(['show', 'grace', '--json'], { dir });
    expect(jsonOf<{ due_date: string }>(grace).due_date).toBe('9999-12-31');
    // Set by hand, the same day is accepted and read back.
    expect((await plnIn(['set', 'ada', 'added', '9999-12-31'], { dir })).code).toBe(0);
    expect((await plnIn(['due'], { dir })).stdout).toBe('No one is due for a check-in. All caught up.\n');
    expect(hashTree(dir)).not.toEqual(before);
  });
});

describe('a frontmatter of 85,000 keys (just under 1 MiB)', () => {
  it('is skipped with the too-many-values warning, in one pass (it took minutes when keys were compared pairwise)', async () => {
    const keys = Array.from({ length: 85_000 }, (_, i) => `key${i}: v\n`).join('');
    const dir = network({ 'contacts/ada.md': contact('name: Ada Lovelace'), 'contacts/x.md': `---\nname: X\n${keys}---\n` });
    const start = Date.now();
    const r = await plnIn(['list'], { dir });
    // Generous, for a busy machine: the pairwise check needed over a minute here.
    expect(Date.now() - start).toBeLessThan(30_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: contacts/x.md:10002: key9999: frontmatter has too many values (skipped)\n');
    expect(r.stdout).toMatch(/^Ada Lovelace/m);
  });
});

describe('a file name that is not valid UTF-8', () => {
  it('is reported by every run and by doctor, never silently left out', async () => {
    const dir = network({ 'contacts/ada.md': contact('name: Ada Lovelace') });
    const contacts = Buffer.from(path.join(dir, 'contacts'));
    // `café.md` in Latin-1: the byte E9 alone is not UTF-8.
    fs.writeFileSync(Buffer.concat([contacts, Buffer.from('/caf\xe9.md', 'latin1')]), '---\nname: Latin Cafe\n---\n');
    const warning = 'warning: contacts/caf\uFFFD.md: its name is not valid UTF-8, so pln cannot open it; rename it (skipped)\n';
    for (let run = 0; run < 2; run++) {
      const r = await plnIn(['list', '--json'], { dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(warning);
      expect(jsonOf<{ name: string }[]>(r).map((c) => c.name)).toEqual(['Ada Lovelace']);
    }
    const uncached = await plnIn(['list', '--json'], { dir, env: { PLN_NO_CACHE: '1' } });
    expect(uncached.stderr).toBe(warning);
    const doctor = await plnIn(['doctor'], { dir });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('contacts/caf\uFFFD.md: error: its name is not valid UTF-8, so pln cannot open it; rename it\n');
  });
});

describe('contacts of hundreds of KiB (under the 1 MiB limit)', () => {
  const big = contact('name: Mid Size', `\n${'A line of notes that goes on for a while, about nothing much.\n'.repeat(5000)}\n## Log\n- 2026-11-01 call: hi\n`);

  it('doctor reads them, and undo takes back a change to one', async () => {
    expect(big.length).toBeGreaterThan(300 * 1024);
    const dir = network({ 'contacts/ada.md': contact('name: Ada Lovelace'), 'contacts/mid-size.md': big });
    expect(await plnIn(['doctor'], { dir })).toEqual({ stdout: 'All 2 contacts are fine.\n', stderr: '', code: 0 });
    expect((await plnIn(['log', 'mid', 'one'], { dir })).code).toBe(0);
    expect(read(dir, 'contacts/mid-size.md')).not.toBe(big);
    const undo = await plnIn(['undo'], { dir });
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(read(dir, 'contacts/mid-size.md')).toBe(big);
  });

  it('undo keeps twenty changes when their journal passes 256 KiB', async () => {
    const log = Array.from({ length: 300 }, (_, i) => `- 2026-10-${String((i % 28) + 1).padStart(2, '0')} call: entry ${i} of a long history`).join('\n');
    const text = contact('name: Long History', `\n## Log\n${log}\n`);
    const dir = network({ 'contacts/long.md': text });
    for (let i = 0; i < 20; i++) expect((await plnIn(['log', 'long', `call ${i}`], { dir })).code).toBe(0);
    expect(fs.statSync(path.join(dir, '.pln', 'journal.json')).size).toBeGreaterThan(256 * 1024);
    for (let i = 19; i >= 0; i--) expect((await plnIn(['undo'], { dir })).stdout).toBe(`Undid "pln log long call ${i}": restored contacts/long.md.\n`);
    expect(read(dir, 'contacts/long.md')).toBe(text);
    expect((await plnIn(['undo'], { dir })).stdout).toBe('Nothing to undo.\n');
  });
});

describe('a note that looks like structure', () => {
  it('pln note escapes a section heading and a conflict marker, so the note stays a note', async () => {
    const dir = network({ 'contacts/ada.md': contact('name: Ada Lovelace', '\nMet at RustConf.\n\n## Log\n- 2026-11-01 call: hi\n') });
    for (const note of ['## Follow-ups', '- [ ] pay Eve 📅 2026-12-01', '<<<<<<< x']) {
      const r = await plnIn(['note', 'ada', '--', note], { dir });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(read(dir, 'contacts/ada.md')).toBe(contact('name: Ada Lovelace', '\nMet at RustConf.\n\n\\## Follow-ups\n\n- [ ] pay Eve 📅 2026-12-01\n\n\\<<<<<<< x\n\n## Log\n- 2026-11-01 call: hi\n'));
    const ada = jsonOf<{ followups: unknown[]; log: unknown[] }>(await plnIn(['show', 'ada', '--json'], { dir }));
    expect([ada.followups, ada.log.length]).toEqual([[], 1]);
    expect(await plnIn(['doctor'], { dir })).toEqual({ stdout: 'All 1 contacts are fine.\n', stderr: '', code: 0 });
  });
});
