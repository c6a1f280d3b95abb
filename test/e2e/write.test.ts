import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRACE } from '../helpers/fixtures.js';
import { plnIn } from '../helpers/inproc.js';
import { BIN, contact, hashTree, jsonOf, network, oneLineAdded, pln, plnAsync, read, ROOT, tempDir } from '../helpers/pln.js';

const ADA = contact(
  'name: Ada Lovelace\naliases: [Ada]\ntags: [mentor]\ncadence: 30d',
  'Met at RustConf.\n\n## Log\n- 2026-11-20 coffee: internships\n- 2026-10-03 call: RFC draft\n\n## Follow-ups\n- [ ] send the paper 📅 2026-12-05\n- [ ] intro to Bob\n',
);

/** A hand-written file with everything a YAML re-serializer would mangle. */
const HAND = [
  '---',
  '# people I learn from',
  'name: "Grace Hopper"   # quoted on purpose',
  "aliases: ['Amazing Grace']",
  'tags: [navy, compilers]',
  'phone: 0123456',
  'zip: 01234',
  'ratio: 1e3',
  'links:',
  '  github: https://github.com/grace',
  '  site:   https://example.com/grace',
  `motto: "${'A ship in port is safe, but that is not what ships are built for. '.repeat(3).trim()}"`,
  'favourite_colour: teal',
  'role: Rear Admiral',
  'company: US Navy',
  '---',
  'Free notes, **kept** as written.',
  '',
  '## Log',
  '- 2026-11-01 call: COBOL history',
  '',
  '## Follow-ups',
  '- [ ] send nanosecond wire 📅 2026-12-01',
  '- [ ] undated idea',
  '',
].join('\r\n');

function lines(s: string): string[] {
  return s.split('\r\n');
}

/** Lines of `after` that differ from `before`, by position after aligning insertions/removals. */
function changed(before: string, after: string): { removed: string[]; added: string[] } {
  const a = lines(before);
  const b = lines(after);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let ea = a.length;
  let eb = b.length;
  while (ea > i && eb > i && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { removed: a.slice(i, ea), added: b.slice(i, eb) };
}

describe('pln log', () => {
  it('adds exactly one line, newest first, and touches no other byte of any file', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace.md': HAND, 'contacts/other.md': contact('name: Other') });
    const before = hashTree(dir);
    const text = read(dir, 'contacts/ada-lovelace.md');
    const r = await plnIn(['log', 'ada', 'talked about #rust', '--kind', 'call', '--date', '2026-11-25'], { dir });
    expect(r).toEqual({ stdout: 'Logged for Ada Lovelace on Wed 25 Nov 2026 (call).\n', stderr: '', code: 0 });
    const after = read(dir, 'contacts/ada-lovelace.md');
    expect(oneLineAdded(text, after)).toBe('- 2026-11-25 call: talked about #rust');
    expect(after.indexOf('2026-11-25')).toBeLessThan(after.indexOf('2026-11-20'));
    const now = hashTree(dir);
    delete before['contacts/ada-lovelace.md'];
    delete now['contacts/ada-lovelace.md'];
    expect(now).toEqual(before);
    expect(fs.readdirSync(path.join(dir, 'contacts')).filter((f) => f.endsWith('.tmp') || f.startsWith('.'))).toEqual([]);
  });

  it('resolves relative dates against PLN_TODAY', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    await plnIn(['log', 'ada', 'x', '--date', 'yesterday'], { dir });
    await plnIn(['log', 'ada', 'y', '--date', '3d ago'], { dir });
    await plnIn(['log', 'ada', 'z', '--date', 'friday'], { dir });
    const log = jsonOf<{ log: { date: string; text: string }[] }>(await plnIn(['show', 'ada', '--json'], { dir })).log;
    expect(log.filter((e) => ['x', 'y', 'z'].includes(e.text)).map((e) => [e.text, e.date])).toEqual([
      ['x', '2026-11-28'],
      ['z', '2026-11-27'],
      ['y', '2026-11-26'],
    ]);
    expect((await plnIn(['log', 'ada', 'later', '--date', 'in 2 days'], { dir })).code).toBe(2);
  });

  it('--dry-run prints a diff and writes nothing', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    const r = await plnIn(['log', 'ada', 'hello', '--dry-run'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+- 2026-11-29: hello');
    expect(r.stdout).toMatch(/^--- a\/contacts\/ada-lovelace\.md$/m);
    expect(hashTree(dir)).toEqual(before);
  });

  it('20 concurrent pln log on one person keep all 20 entries', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => plnAsync(['log', 'ada', `entry number ${i}`], { dir })));
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    const text = read(dir, 'contacts/ada-lovelace.md');
    for (let i = 0; i < 20; i++) expect(text).toContain(`- 2026-11-29: entry number ${i}\n`);
    expect(fs.readdirSync(path.join(dir, 'contacts'))).toEqual(['ada-lovelace.md']);
  }, 60_000);
});

describe('minimal edits on a hand-written CRLF file', () => {
  const run = async (args: string[]) => {
    const dir = network({ 'contacts/grace.md': HAND });
    const r = await plnIn(args, { dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = read(dir, 'contacts/grace.md');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    return changed(HAND, after);
  };

  it('tag changes only the tags line', async () => {
    expect(await run(['tag', 'grace', 'mentor'])).toEqual({ removed: ['tags: [navy, compilers]'], added: ['tags: [navy, compilers, mentor]'] });
  });
  it('untag changes only the tags line', async () => {
    expect(await run(['untag', 'grace', 'navy'])).toEqual({ removed: ['tags: [navy, compilers]'], added: ['tags: [compilers]'] });
  });
  it('set changes only that key, keeping its comment and its quotes', async () => {
    expect(await run(['set', 'grace', 'role', 'Computer Scientist'])).toEqual({ removed: ['role: Rear Admiral'], added: ['role: Computer Scientist'] });
    expect(await run(['set', 'grace', 'name', 'Grace B. Hopper'])).toEqual({
      removed: ['name: "Grace Hopper"   # quoted on purpose'],
      added: ['name: "Grace B. Hopper"   # quoted on purpose'],
    });
  });
  it('set of a new key adds one line before the closing ---', async () => {
    expect(await run(['set', 'grace', 'location', 'Arlington'])).toEqual({ removed: [], added: ['location: Arlington'] });
  });
  it('unset removes only that key', async () => {
    expect(await run(['unset', 'grace', 'favourite_colour'])).toEqual({ removed: ['favourite_colour: teal'], added: [] });
  });
  it('log adds one line', async () => {
    expect(await run(['log', 'grace', 'met at the museum', '--kind', 'coffee'])).toEqual({ removed: [], added: ['- 2026-11-29 coffee: met at the museum'] });
  });
  it('followup adds one line at the end of its section', async () => {
    expect(await run(['followup', 'grace', 'send slides', '--due', 'in 2w'])).toEqual({ removed: [], added: ['- [ ] send slides 📅 2026-12-13'] });
  });
  it('done ticks one line', async () => {
    expect(await run(['done', 'grace', 'nanosecond'])).toEqual({
      removed: ['- [ ] send nanosecond wire 📅 2026-12-01'],
      added: ['- [x] send nanosecond wire 📅 2026-12-01 ✅ 2026-11-29'],
    });
  });
});

describe('pln add', () => {
  it('creates a person that show and who find, with every field', async () => {
    const dir = network({});
    const r = await plnIn(
      [
        'add',
        'José García',
        '--tag',
        'mentor,rust',
        '--tag',
        'madrid',
        '--expertise',
        'kubernetes',
        '--company',
        'Acme, Inc.',
        '--role',
        'SRE',
        '--email',
        'jose@example.com',
        '--cadence',
        '2w',
        '--met',
        '2026-11-01',
        '--note',
        'Met at KubeCon.',
      ],
      { dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'contacts', 'jose-garcia.md'))).toBe(true);
    const rec = jsonOf<Record<string, unknown>>(await plnIn(['show', 'jose', '--json'], { dir }));
    expect(rec).toMatchObject({
      slug: 'jose-garcia',
      name: 'José García',
      tags: ['mentor', 'rust', 'madrid'],
      expertise: ['kubernetes'],
      company: 'Acme, Inc.',
      role: 'SRE',
      emails: ['jose@example.com'],
      cadence_days: 14,
      notes: 'Met at KubeCon.',
    });
    expect((rec.frontmatter as Record<string, string>).added).toBe('2026-11-29');
    expect((rec.frontmatter as Record<string, string>).met).toBe('2026-11-01');
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'kubernetes', '--json'], { dir }))[0]!.slug).toBe('jose-garcia');
  });

  it('never overwrites an existing person, also typed without accents', async () => {
    const dir = network({ 'contacts/jose-garcia.md': contact('name: José García\nrole: x') });
    const before = hashTree(dir);
    for (const name of ['José García', 'jose garcia', 'JOSE GARCIA']) {
      const r = await plnIn(['add', name], { dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already in the network/);
    }
    expect(hashTree(dir)).toEqual(before);
  });

  it('gives a new file the mode the umask allows; an edit keeps the mode a file has', () => {
    const dir = network({ 'contacts/kept.md': contact('name: Kept Mode') });
    fs.chmodSync(path.join(dir, 'contacts', 'kept.md'), 0o640);
    const run = (mask: string, args: string[]) =>
      spawnSync('/bin/sh', ['-c', `umask ${mask} && exec "$0" "$@"`, process.execPath, BIN, ...args, '--dir', dir], { encoding: 'utf8', env: { ...process.env, PLN_TODAY: '2026-11-29' } });
    expect(run('077', ['add', 'Private Person']).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'contacts', 'private-person.md')).mode & 0o777).toBe(0o600);
    expect(run('022', ['add', 'Shared Person']).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'contacts', 'shared-person.md')).mode & 0o777).toBe(0o644);
    expect(run('077', ['log', 'kept', 'coffee: hi']).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'contacts', 'kept.md')).mode & 0o777).toBe(0o640);
  });

  it('never creates a file outside contacts/ nor a bare .md', async () => {
    const dir = network({});
    for (const name of ['../../x', '/etc/x', 'CON', '..', '-rf', '.hidden', 'a/b\\c']) {
      await plnIn(['add', '--', name], { dir });
    }
    const files = fs.readdirSync(path.join(dir, 'contacts')).sort();
    expect(files).toEqual(['a-b-c.md', 'con-contact.md', 'etc-x.md', 'hidden.md', 'rf.md', 'x.md']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.pln', 'contacts', 'pln.yml']);
    expect((await plnIn(['add', '--', '..'], { dir })).code).toBe(2);
  });

  it('with no NAME and stdin an open pipe, exits non-zero at once', async () => {
    const dir = network({});
    const start = Date.now();
    // Spawned: stdin is a real pipe.
    const r = pln(['add'], { dir, timeout: 30_000 });
    // Not waiting for input that never comes (generous: the machine may be busy).
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing NAME/);
  });
});

describe('pln done, followup, set', () => {
  it('done by number and by unique text; ambiguous text lists candidates', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    let r = await plnIn(['done', 'ada'], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 open follow-ups/);
    expect(r.stderr).toMatch(/1\. send the paper/);
    r = await plnIn(['done', 'ada', '2'], { dir });
    expect(r.code).toBe(0);
    expect(read(dir, 'contacts/ada-lovelace.md')).toContain('- [x] intro to Bob ✅ 2026-11-29\n');
    r = await plnIn(['done', 'ada', 'paper'], { dir });
    expect(read(dir, 'contacts/ada-lovelace.md')).toContain('- [x] send the paper 📅 2026-12-05 ✅ 2026-11-29\n');
    expect((await plnIn(['done', 'ada'], { dir })).stderr).toMatch(/no open follow-ups/);
  });

  it('done by text: the item matched whole wins over longer ones; case and accents do not count', async () => {
    const text = contact('name: Ada Lovelace', '## Follow-ups\n- [ ] send paper\n- [ ] send paper draft\n- [ ] Émail Zoë\n- [ ] call Zoë back\n');
    const dir = network({ 'contacts/ada-lovelace.md': text });
    let r = await plnIn(['done', 'ada', 'Send Paper'], { dir });
    expect(r).toEqual({ stdout: 'Done: send paper (Ada Lovelace).\n', stderr: '', code: 0 });
    r = await plnIn(['done', 'ada', 'email zoe'], { dir });
    expect(r).toEqual({ stdout: 'Done: Émail Zoë (Ada Lovelace).\n', stderr: '', code: 0 });
    r = await plnIn(['done', 'ada', 'zoe'], { dir });
    expect(r).toEqual({ stdout: 'Done: call Zoë back (Ada Lovelace).\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(
      contact('name: Ada Lovelace', '## Follow-ups\n- [x] send paper ✅ 2026-11-29\n- [ ] send paper draft\n- [x] Émail Zoë ✅ 2026-11-29\n- [x] call Zoë back ✅ 2026-11-29\n'),
    );
  });

  it('set validates known keys', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    expect((await plnIn(['set', 'ada', 'cadence', 'fortnightlyx'], { dir })).code).toBe(2);
    expect((await plnIn(['set', 'ada', 'added', 'someday'], { dir })).code).toBe(2);
    expect((await plnIn(['set', 'ada', 'bad key', 'x'], { dir })).code).toBe(2);
    expect((await plnIn(['unset', 'ada', 'name'], { dir })).code).toBe(2);
    expect(hashTree(dir)).toEqual(before);
    expect((await plnIn(['set', 'ada', 'expertise', 'rust, compilers'], { dir })).code).toBe(0);
    expect(jsonOf<{ expertise: string[] }>(await plnIn(['show', 'ada', '--json'], { dir })).expertise).toEqual(['rust', 'compilers']);
  });

  it('set of a block list keeps the lines of the items that stay, with their comments', async () => {
    const front = (items: string[]) => contact(['name: Ada Lovelace', 'expertise:', ...items, 'cadence: 30d'].join('\n'), 'Notes.\n');
    const dir = network({ 'contacts/ada-lovelace.md': front(['  - rust # yes', '  # a comment line', '  - go']) });
    let r = await plnIn(['set', 'ada', 'expertise', 'rust, go, wasm'], { dir });
    expect(r).toEqual({ stdout: 'Ada Lovelace: expertise = rust, go, wasm\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(front(['  - rust # yes', '  # a comment line', '  - go', '  - wasm']));
    r = await plnIn(['set', 'ada', 'expertise', 'rust, wasm, zig'], { dir });
    expect(r.code).toBe(0);
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(front(['  - rust # yes', '  # a comment line', '  - wasm', '  - zig']));
  });

  it('set knows or introduced_by to nobody in the network warns, and keeps it', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace.md': GRACE });
    let r = await plnIn(['set', 'ada', 'knows', 'grace, [[Nobody-Here]]'], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: knows: "Nobody-Here" is nobody in the network (kept as written; see pln list)\n');
    expect(read(dir, 'contacts/ada-lovelace.md')).toContain('knows: [grace, "[[Nobody-Here]]"]');
    r = await plnIn(['set', 'ada', 'introduced_by', 'GRACE'], { dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});

describe('files that must not be written', () => {
  it('a file with problems is never written: exit 1 naming the file and line', async () => {
    const conflicted = '---\nname: Zed\n<<<<<<< HEAD\nrole: a\n=======\nrole: b\n>>>>>>> theirs\n---\n';
    const dir = network({ 'contacts/zed.md': conflicted, 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    const r = await plnIn(['log', 'zed', 'hello'], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/contacts\/zed\.md/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('a symlinked contact is never written through', async () => {
    const outside = network({ 'x.md': contact('name: Outside') });
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.symlinkSync(path.join(outside, 'x.md'), path.join(dir, 'contacts', 'x.md'));
    const before = hashTree(outside);
    expect((await plnIn(['log', 'outside', 'hi'], { dir })).code).toBe(1);
    expect(hashTree(outside)).toEqual(before);
  });
});

describe('pln init', () => {
  it('creates pln.yml, contacts/ and a .gitignore for .pln/; --sample copies the sample', async () => {
    const parent = network({});
    const dir = path.join(parent, 'net');
    let r = await plnIn(['init', dir]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'pln.yml'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'contacts')).isDirectory()).toBe(true);
    expect(read(dir, '.gitignore')).toBe('.pln/\n');
    const sample = path.join(parent, 'sample');
    r = await plnIn(['init', sample, '--sample']);
    expect(r.code).toBe(0);
    const people = jsonOf<unknown[]>(await plnIn(['list', '--json'], { dir: sample }));
    expect(people.length).toBeGreaterThanOrEqual(12);
    expect((await plnIn(['list'], { dir: sample })).stderr).toBe('');
  });

  it('adds .pln/ to a .gitignore that is there with its own bytes and line ends, not UTF-8 or LF', async () => {
    const dir = path.join(network({}), 'net');
    fs.mkdirSync(dir);
    const mine = Buffer.from('# caf\xe9 files\r\ncaf\xe9.txt', 'latin1');
    fs.writeFileSync(path.join(dir, '.gitignore'), mine);
    expect((await plnIn(['init', dir])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'))).toEqual(Buffer.concat([mine, Buffer.from('\r\n.pln/\r\n')]));
    // Once there, never twice.
    expect((await plnIn(['init', dir])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'))).toEqual(Buffer.concat([mine, Buffer.from('\r\n.pln/\r\n')]));
  });
});

describe('interactive pln add in a real terminal', () => {
  it('asks for each field, validates, and creates the contact', async () => {
    const dir = network({});
    const script = {
      argv: [process.execPath, BIN, 'add', '--dir', dir],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm', PLN_TODAY: '2026-11-29', HOME: dir, NO_COLOR: '1' },
      cwd: dir,
      steps: [
        ['Name', 'Ines Interactive\r'],
        ['Tags', 'mentor, rust\r'],
        ['Expertise', 'wasm\r'],
        ['Company', 'Acme\r'],
        ['Role', 'CTO\r'],
        ['Check in', 'fortnightlyx\r'],
        ['Not a duration', '\u00152w\r'],
      ],
    };
    const specFile = path.join(dir, 'session.json');
    fs.writeFileSync(specFile, JSON.stringify(script));
    const r = spawnSync('python3', [path.join(ROOT, 'test/helpers/pty_session.py'), specFile], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toMatch(/EXIT 0\s*$/);
    const rec = jsonOf<Record<string, unknown>>(await plnIn(['show', 'ines', '--json'], { dir }));
    expect(rec).toMatchObject({ name: 'Ines Interactive', tags: ['mentor', 'rust'], expertise: ['wasm'], company: 'Acme', role: 'CTO', cadence_days: 14 });
  });
});

describe('byte-order marks', () => {
  it('a write keeps the BOM of a file', async () => {
    const dir = network({ 'contacts/bom.md': `\uFEFF${contact('name: Bom', '\n## Log\n- 2026-01-01 call: x\n')}` });
    expect((await plnIn(['log', 'bom', 'hello'], { dir })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'contacts/bom.md')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(dir, 'contacts/bom.md')).toContain('- 2026-11-29: hello\n- 2026-01-01 call: x\n');
  });
});

describe('when the disk says no', () => {
  // Real file systems: a tiny tmpfs and a read-only bind mount (CI runs as root).
  const mount = (args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });
  const umount = (dir: string) => spawnSync('umount', [dir]);

  it('a full disk: exit 1 naming the file, original byte-identical, no temp file left', async () => {
    const dir = network({});
    const mnt = path.join(dir, 'small');
    fs.mkdirSync(mnt);
    const r0 = mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    expect(r0.status, `mount needs root: ${r0.stderr}`).toBe(0);
    try {
      fs.mkdirSync(path.join(mnt, 'contacts'));
      fs.mkdirSync(path.join(mnt, '.pln'));
      fs.writeFileSync(path.join(mnt, 'pln.yml'), '');
      fs.writeFileSync(path.join(mnt, 'contacts', 'ada-lovelace.md'), ADA);
      const before = fs.readFileSync(path.join(mnt, 'contacts', 'ada-lovelace.md'));
      // Fill the disk, leaving less room than the new file needs.
      try {
        fs.writeFileSync(path.join(mnt, 'filler'), Buffer.alloc(80 * 1024));
      } catch {
        // ENOSPC once full: exactly what we want.
      }
      const r = await plnIn(['log', 'ada', 'x'.repeat(3000)], { dir: mnt });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/contacts\/ada-lovelace\.md: could not write \(no space left on the device\); the file is unchanged/);
      expect(fs.readFileSync(path.join(mnt, 'contacts', 'ada-lovelace.md'))).toEqual(before);
      expect(fs.readdirSync(path.join(mnt, 'contacts'))).toEqual(['ada-lovelace.md']);
      // Nor a lock file (nor its descriptor: the folder can be unmounted).
      expect(fs.readdirSync(path.join(mnt, '.pln', 'locks'))).toEqual([]);
    } finally {
      umount(mnt);
    }
  });

  it('a read-only folder: exit 1 naming the file, original byte-identical', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r0 = mount(['--bind', '-o', 'ro', dir, dir]);
    expect(r0.status, `mount needs root: ${r0.stderr}`).toBe(0);
    try {
      const before = hashTree(dir);
      const r = await plnIn(['log', 'ada', 'hello'], { dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/contacts\/ada-lovelace\.md: could not write \(the file system is read-only\); the file is unchanged/);
      expect(hashTree(dir)).toEqual(before);
      // Reading still works.
      expect((await plnIn(['due', '--json'], { dir })).code).toBe(0);
    } finally {
      umount(dir);
    }
  });
});

// Spawned: the editor shares the terminal of the real program.
describe('pln edit', () => {
  /** An "editor" that runs a shell snippet on the file it is given ($1). */
  function editor(dir: string, snippet: string): string {
    const file = path.join(dir, 'fake-editor.sh');
    fs.writeFileSync(file, `#!/bin/sh\n${snippet}\n`, { mode: 0o755 });
    return file;
  }

  it('opens $VISUAL before $EDITOR, then checks the file still parses', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const visual = editor(dir, 'printf "extra note\\n" >> "$1"');
    const r = pln(['edit', 'ada'], { dir, env: { VISUAL: visual, EDITOR: '/bin/false' } });
    expect(r).toEqual({ stdout: 'Saved contacts/ada-lovelace.md.\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(`${ADA}extra note\n`);
  });

  it('warns when pln changed the file while the editor was open and the save replaced it', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const stale = path.join(tempDir(), 'what-the-editor-read.md');
    // The editor reads the file, pln logs in another terminal, the editor saves what it read plus a line.
    const e = editor(dir, `cp "$1" "${stale}"\n"${process.execPath}" "${BIN}" --dir "${dir}" log ada meanwhile >/dev/null\ncat "${stale}" > "$1"\nprintf "extra note\\n" >> "$1"`);
    const r = pln(['edit', 'ada'], { dir, env: { EDITOR: e } });
    expect(r).toEqual({
      stdout: 'Saved contacts/ada-lovelace.md.\n',
      stderr:
        'warning: contacts/ada-lovelace.md: "pln log ada meanwhile" changed it while the editor was open; the editor\'s save may have replaced that change (check, and run it again if it is gone)\n',
      code: 0,
    });
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(`${ADA}extra note\n`);
    // An editor that saw the change (it reloaded the file) leaves it in: no warning.
    const reloaded = editor(dir, `"${process.execPath}" "${BIN}" --dir "${dir}" log ada again >/dev/null`);
    expect(pln(['edit', 'ada'], { dir, env: { EDITOR: reloaded } })).toEqual({ stdout: 'Saved contacts/ada-lovelace.md.\n', stderr: '', code: 0 });
  });

  it('reports a file the editor left broken, with its line, and exits 1', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const broken = editor(dir, 'printf -- "---\\nname: [oops\\n---\\n" > "$1"');
    const r = pln(['edit', 'ada'], { dir, env: { EDITOR: broken } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/contacts\/ada-lovelace\.md:2: invalid YAML/);
    expect(r.stderr).toMatch(/no longer parses/);
  });

  it('an editor with flags and a path with spaces work (the path is never given to the shell as code)', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const e = editor(dir, 'test "$1" = "--wait" && shift; printf "ok\\n" >> "$1"');
    const r = pln(['edit', 'ada'], { dir, env: { EDITOR: `${e} --wait` } });
    expect(r.code).toBe(0);
    expect(read(dir, 'contacts/ada-lovelace.md').endsWith('ok\n')).toBe(true);
  });
});
