/**
 * The index cache under `.pln/cache/`: a warm run answers exactly like a run
 * without it; an edited, added or deleted file shows on the next run; a
 * garbage, truncated, tampered or foreign cache is ignored and rebuilt; a
 * cache that cannot be written costs nothing but speed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CACHE_PATH } from '../../src/store/cache.js';
import { Store } from '../../src/store/store.js';
import { TERMS_PATH } from '../../src/store/terms-cache.js';
import { BROKEN } from '../helpers/fixtures.js';
import { plnIn } from '../helpers/inproc.js';
import { contact, jsonOf, network, ROOT } from '../helpers/pln.js';

const HOUR = 3600_000;

/** Sets a file's or folder's mtime `ago` ms in the past: an old network, outside the racy window. */
function age(abs: string, ago: number): void {
  const t = new Date(Date.now() - ago);
  fs.utimesSync(abs, t, t);
}

/** Ages every file and folder of a network (except .pln). */
function ageTree(dir: string, ago = HOUR): void {
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.pln') continue;
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      if (!e.isSymbolicLink()) age(abs, ago);
    }
  };
  walk(dir);
  age(path.join(dir, 'contacts'), ago);
}

const ADA = contact(
  'name: Ada Lovelace\naliases: [Ada]\ntags: [mentor, rust-community]\nexpertise: [compilers, rust]\ncompany: Analytical Engines\nlinks:\n  github: https://github.com/ada\ncadence: 30d',
  'Met at RustConf.\n\n## Log\n- 2026-10-20 coffee: talked about compilers #career\n\n## Follow-ups\n- [ ] send the paper 📅 2026-12-05\n',
);

function people(): Record<string, string> {
  return {
    'pln.yml': 'default_cadence: 60d\ncadence_by_tag:\n  mentor: 2w\n',
    'contacts/ada-lovelace.md': ADA,
    'contacts/grace-hopper.md': contact('name: Grace Hopper\nexpertise: [cobol, compilers]\ntags: [mentor]', '\n## Log\n- 2026-09-01 call: COBOL history\n'),
    'contacts/work/linus.md': contact('name: Linus T\nexpertise: [kernels]\nknows: [ada-lovelace, nobody-here]', '\n## Log\n- 2026-11-01: patch review\n'),
    'contacts/jose.md': contact('name: José García\nrole: Staff Engineer\n__proto__: kept\nweird: "x"', 'Notes with émoji 📅 and more.\n'),
    'contacts/broken.md': BROKEN,
    'contacts/bad-dates.md': contact('name: Bad Dates\nadded: 2026-02-30', '\n## Log\n- 2026-13-01 call: no such month\n'),
  };
}

const COMMANDS = [
  ['due', '--json'],
  ['due', '--within', '30d'],
  ['list', '--json'],
  ['list', '--sort', 'due'],
  ['who', 'compilers', '--json'],
  ['followups', '--all', '--json'],
  ['show', 'ada', '--json'],
  ['show', 'jose', '--json'],
  ['search', 'cobol', '--json'],
  ['doctor'],
];

/** Every command's output without the cache (run one after another). */
async function uncached(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const args of COMMANDS) out.push(JSON.stringify(await plnIn(args, { dir, env: { PLN_NO_CACHE: '1' } })));
  return out;
}

async function cached(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const args of COMMANDS) out.push(JSON.stringify(await plnIn(args, { dir })));
  return out;
}

const cacheFile = (dir: string) => path.join(dir, CACHE_PATH);

describe('the index cache', () => {
  it('answers every read command exactly as a run without it, cold and warm', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = await uncached(dir);
    expect(fs.existsSync(cacheFile(dir))).toBe(false);
    expect(await cached(dir)).toEqual(expected); // builds the cache
    expect(fs.existsSync(cacheFile(dir))).toBe(true);
    expect(await cached(dir)).toEqual(expected); // answered from it
    expect(await cached(dir)).toEqual(expected);

    // A file changed behind its back with the same size, inode and mtime
    // (put back) is read again all the same: its ctime moved.
    const grace = path.join(dir, 'contacts', 'grace-hopper.md');
    const { mtime } = fs.statSync(grace);
    const fd = fs.openSync(grace, 'r+');
    fs.writeSync(fd, fs.readFileSync(grace, 'utf8').replace('Grace Hopper', 'Grace Hoppex'), 0);
    fs.closeSync(fd);
    fs.utimesSync(grace, mtime, mtime);
    expect((await plnIn(['list', '--json'], { dir })).stdout).toContain('Grace Hoppex');
    expect((await plnIn(['list', '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout).toContain('Grace Hoppex');
  });

  it('shows an edited, an added and a deleted file on the next run', async () => {
    const dir = network(people());
    ageTree(dir);
    const names = async () => jsonOf<{ slug: string; name: string }[]>(await plnIn(['list', '--json'], { dir })).map((r) => `${r.slug}:${r.name}`);
    const before = await names();
    expect(before).toContain('grace-hopper:Grace Hopper');
    expect(fs.existsSync(cacheFile(dir))).toBe(true);
    const mtimeOf = () => fs.statSync(cacheFile(dir)).mtimeMs;
    const written = mtimeOf();
    expect(await names()).toEqual(before);
    expect(mtimeOf()).toBe(written); // nothing changed: not written again

    // Same size, other mtime.
    const grace = path.join(dir, 'contacts', 'grace-hopper.md');
    fs.writeFileSync(grace, fs.readFileSync(grace, 'utf8').replace('Grace Hopper', 'Grace Hoppex'));
    age(grace, HOUR / 2);
    expect(await names()).toContain('grace-hopper:Grace Hoppex');

    // Other size, same mtime as cached.
    const { mtime } = fs.statSync(grace);
    fs.writeFileSync(grace, fs.readFileSync(grace, 'utf8').replace('Grace Hoppex', 'Grace B. Hopper'));
    fs.utimesSync(grace, mtime, mtime);
    expect(await names()).toContain('grace-hopper:Grace B. Hopper');

    // Added, in a subfolder; the folders' mtimes are old again.
    fs.writeFileSync(path.join(dir, 'contacts', 'work', 'new-person.md'), contact('name: New Person'));
    ageTree(dir, HOUR / 3);
    expect(await names()).toContain('new-person:New Person');

    // Deleted.
    fs.rmSync(path.join(dir, 'contacts', 'ada-lovelace.md'));
    ageTree(dir, HOUR / 4);
    const after = await names();
    expect(after.some((n) => n.startsWith('ada-lovelace:'))).toBe(false);
    expect(after).toContain('new-person:New Person');

    // And everything still agrees with a run without the cache.
    expect(await cached(dir)).toEqual(await uncached(dir));
  });

  it('sees a change made in the same mtime tick as the cached read (racily clean files)', async () => {
    const dir = network(people());
    const ada = path.join(dir, 'contacts', 'ada-lovelace.md');
    const { mtime } = fs.statSync(ada);
    // The file's mtime is recent: its record is kept, but checked by parsing it again.
    expect(jsonOf<{ slug: string; name: string }[]>(await plnIn(['list', '--json'], { dir })).find((r) => r.slug === 'ada-lovelace')?.name).toBe('Ada Lovelace');
    fs.writeFileSync(ada, ADA.replace('Ada Lovelace', 'Ada Lovelacx'));
    fs.utimesSync(ada, mtime, mtime);
    expect(jsonOf<{ slug: string; name: string }[]>(await plnIn(['list', '--json'], { dir })).find((r) => r.slug === 'ada-lovelace')?.name).toBe('Ada Lovelacx');
  });

  it('reflects a change made by pln itself', async () => {
    const dir = network(people());
    ageTree(dir);
    await plnIn(['list', '--json'], { dir });
    expect((await plnIn(['log', 'grace', 'coffee: catching up', '--date', '2026-11-28'], { dir })).code).toBe(0);
    const rows = jsonOf<{ slug: string; last_contact: string }[]>(await plnIn(['list', '--json'], { dir }));
    expect(rows.find((r) => r.slug === 'grace-hopper')?.last_contact).toBe('2026-11-28');
    expect(await cached(dir)).toEqual(await uncached(dir));
  });

  it('a rewrite after an edit copies the rows of the other files as they were, every section included', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = () => uncached(dir);
    expect(await cached(dir)).toEqual(await expected()); // writes every tier
    const sectionsOf = () => {
      const text = fs.readFileSync(cacheFile(dir)).toString('latin1');
      const m = /^pln-cache 1 (\d+)\n/.exec(text)!;
      return Object.keys((JSON.parse(text.slice(m[0].length, m[0].length + Number(m[1]))) as { sections: object }).sections).sort();
    };
    const before = sectionsOf();
    expect(before).toEqual(expect.arrayContaining(['files', 'log', 'log#rows', 'notes', 'notes#rows', 'profile', 'profile#rows']));
    // An edit by pln, and one by hand.
    expect((await plnIn(['log', 'grace', 'coffee: about COBOL', '--date', '2026-11-28'], { dir })).code).toBe(0);
    const jose = path.join(dir, 'contacts', 'jose.md');
    fs.writeFileSync(jose, fs.readFileSync(jose, 'utf8').replace('Notes with', 'Fresh notes with'));
    ageTree(dir, HOUR / 2);
    expect(await cached(dir)).toEqual(await expected());
    expect(sectionsOf()).toEqual(before);
    // Every section and every row of the rewritten file matches its checksum.
    const bytes = fs.readFileSync(cacheFile(dir));
    const m = /^pln-cache 1 (\d+)\n/.exec(bytes.toString('latin1', 0, 40))!;
    const start = m[0].length + Number(m[1]);
    const sections = (JSON.parse(bytes.toString('latin1', m[0].length, start)) as { sections: Record<string, [number, number, number]> }).sections;
    for (const [name, [offset, length, crc]] of Object.entries(sections)) {
      const section = bytes.subarray(start + offset, start + offset + length);
      expect(crc32(section), name).toBe(crc);
      if (!name.endsWith('#rows')) continue;
      // Offset, length and checksum of each row: 32-bit little-endian words.
      const rows = Array.from({ length: section.length / 4 }, (_, i) => section.readUInt32LE(4 * i));
      const [tOffset] = sections[name.slice(0, -5)]!;
      for (let k = 0; k < rows.length; k += 3) {
        expect(crc32(bytes.subarray(start + tOffset + rows[k]!, start + tOffset + rows[k]! + rows[k + 1]!)), `${name} ${k / 3}`).toBe(rows[k + 2]);
      }
    }
    const written = fs.statSync(cacheFile(dir)).mtimeMs;
    expect(await cached(dir)).toEqual(await expected());
    expect(fs.statSync(cacheFile(dir)).mtimeMs).toBe(written);
  });

  it('a damaged row index: rows are read from the section itself, and a rewrite still copies them', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = await uncached(dir);
    expect(await cached(dir)).toEqual(expected);
    // Change one digit of the log section's row index: its checksum no longer holds.
    const bytes = fs.readFileSync(cacheFile(dir));
    const m = /^pln-cache 1 (\d+)\n/.exec(bytes.toString('latin1', 0, 40))!;
    const start = m[0].length + Number(m[1]);
    const sections = (JSON.parse(bytes.toString('latin1', m[0].length, start)) as { sections: Record<string, [number, number, number]> }).sections;
    const [offset] = sections['log#rows']!;
    const at = start + offset + 1;
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
    fs.writeFileSync(cacheFile(dir), bytes);
    expect(await cached(dir)).toEqual(expected);
    // An edit makes the next run rewrite the cache, copying the log rows from the decoded section.
    const ada = path.join(dir, 'contacts', 'ada-lovelace.md');
    fs.writeFileSync(ada, fs.readFileSync(ada, 'utf8').replace('Met at RustConf.', 'Met at RustConf 2024.'));
    ageTree(dir, HOUR / 2);
    expect(await cached(dir)).toEqual(await uncached(dir));
    expect(await cached(dir)).toEqual(await uncached(dir));
  });

  it('ignores a garbage, truncated, tampered or foreign cache, and rebuilds it', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = await uncached(dir);
    await cached(dir);
    const good = fs.readFileSync(cacheFile(dir));
    const variants: [string, Buffer][] = [
      ['garbage', Buffer.from('\u0000\u0001garbage\nnot a cache at all')],
      ['empty', Buffer.alloc(0)],
      ['truncated', good.subarray(0, Math.floor(good.length * 0.6))],
      ['extended', Buffer.concat([good, Buffer.from('\n')])],
      // Still valid JSON, another name: only the checksum tells.
      ['tampered', Buffer.from(good.toString('latin1').replace('Grace Hopper', 'Grace Hoppex'), 'latin1')],
      // A row of a tier read on its own: its own checksum tells.
      ['tampered row', Buffer.from(good.toString('latin1').replace('Met at RustConf.', 'Met at RustCoxf.'), 'latin1')],
      ['old format', Buffer.from(good.toString('latin1').replace(/^pln-cache \d+ /, 'pln-cache 0 '), 'latin1')],
      [
        'other build',
        Buffer.from(
          good.toString('latin1').replace(/"build":"[^"]*"/, (m) => m.replace(/.(?=")/, (c) => (c === 'x' ? 'y' : 'x'))),
          'latin1',
        ),
      ],
    ];
    const some = [0, 2, 6, 9];
    const runSome = async (d: string) => {
      const out: string[] = [];
      for (const i of some) out.push(JSON.stringify(await plnIn(COMMANDS[i]!, { dir: d })));
      return out;
    };
    for (const [what, bytes] of variants) {
      expect(bytes.equals(good), what).toBe(false);
      fs.writeFileSync(cacheFile(dir), bytes);
      expect(await runSome(dir), what).toEqual(some.map((i) => expected[i]));
      // Rebuilt: the next run finds a good cache again.
      expect(fs.readFileSync(cacheFile(dir)).toString('latin1').startsWith('pln-cache 1 '), what).toBe(true);
      expect(await runSome(dir), what).toEqual(some.map((i) => expected[i]));
    }
  });

  it('works without a cache when it cannot be written, and leaves no temp files', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = await uncached(dir);
    // `.pln/cache` is a file, so the cache folder cannot be created.
    fs.mkdirSync(path.join(dir, '.pln'));
    fs.writeFileSync(path.join(dir, '.pln', 'cache'), 'in the way');
    expect(await cached(dir)).toEqual(expected);
    expect(fs.readFileSync(path.join(dir, '.pln', 'cache'), 'utf8')).toBe('in the way');
    expect(fs.readdirSync(path.join(dir, '.pln')).sort()).toEqual(['.gitignore', 'cache']);
  });

  it('gives the same contacts in memory, field by field and prototype by prototype', async () => {
    sameInMemory({ ...people(), ...hostileFiles() });
  });

  it('gives the same contacts in memory when a first load parses more files than it keeps', async () => {
    // Over KEEP_PARSED files parsed: only their records are kept.
    const many: Record<string, string> = {};
    const names = ['Ada', 'Zoë', 'Łukasz', 'Søren', '中村', "O'Brien", 'Renée 😀'];
    for (let i = 0; i < 260; i++) {
      const tags = i % 3 === 0 ? '[]' : `[t${i % 7}, "#x${i % 5}", Ünï]`;
      const extra = i % 11 === 0 ? '\ncadence: soon\nadded: 2026-02-30' : i % 13 === 0 ? '\ntags2: [a, b]\nlast_contact: 2026-01-02' : '\ncadence: 3w';
      many[`contacts/p${i}.md`] = contact(
        `name: ${names[i % names.length]} ${i}\ntags: ${tags}${extra}`,
        i % 4 === 0 ? '' : `Note ${i}\n\n## Log\n- 2026-0${1 + (i % 9)}-1${i % 10} call: hi #A\n- 2026-13-01 bad\n`,
      );
    }
    sameInMemory({ ...people(), ...hostileFiles(), ...many });
  });
});

describe('the search terms of who', () => {
  const termsFile = (dir: string) => path.join(dir, TERMS_PATH);
  const who = async (dir: string, topic: string, env: Record<string, string> = {}) => jsonOf<{ slug: string }[]>(await plnIn(['who', topic, '--json'], { dir, env })).map((r) => r.slug);

  it('shows an edited, an added and a deleted file on the next run, and is not rewritten when nothing changed', async () => {
    const dir = network(people());
    ageTree(dir);
    expect(await who(dir, 'cobol')).toEqual(['grace-hopper']);
    expect(fs.readFileSync(termsFile(dir)).toString('latin1')).toContain('"width":2');
    const written = fs.statSync(termsFile(dir)).mtimeMs;
    expect(await who(dir, 'cobol')).toEqual(['grace-hopper']);
    expect(fs.statSync(termsFile(dir)).mtimeMs).toBe(written);

    // Edited: Ada's notes now mention COBOL.
    const ada = path.join(dir, 'contacts', 'ada-lovelace.md');
    fs.writeFileSync(ada, ADA.replace('Met at RustConf.', 'Met at RustConf; learning COBOL.'));
    age(ada, HOUR / 2);
    expect(await who(dir, 'cobol')).toEqual(['grace-hopper', 'ada-lovelace']);

    // Added.
    fs.writeFileSync(path.join(dir, 'contacts', 'work', 'cobol-fan.md'), contact('name: Cobol Fan\nexpertise: [cobol]'));
    ageTree(dir, HOUR / 3);
    expect(await who(dir, 'cobol')).toEqual(['cobol-fan', 'grace-hopper', 'ada-lovelace']);

    // Deleted.
    fs.rmSync(path.join(dir, 'contacts', 'grace-hopper.md'));
    ageTree(dir, HOUR / 4);
    expect(await who(dir, 'cobol')).toEqual(['cobol-fan', 'ada-lovelace']);

    // Every query agrees with a run without any cache.
    for (const topic of ['cobol', 'compilers', 'rust', 'staff', 'kernel', 'ml']) {
      expect((await plnIn(['who', topic, '--json'], { dir })).stdout, topic).toBe((await plnIn(['who', topic, '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout);
    }
  });

  it('asks every spelling of a topic in one pass and answers as a run without it', async () => {
    const dir = network({
      'pln.yml': 'topic_aliases:\n  platform: [paved road, golden path]\n',
      'contacts/kube.md': contact('name: Kube Expert\nexpertise: [kubernetes]\nrole: Platform Lead', 'Wrote k8s operators; talks about the golden path.\n'),
      'contacts/k8s.md': contact('name: Kay Eights\nexpertise: [k8s, rust lang]', '\n## Log\n- 2026-10-01 call: kube clusters, and rustlang at work\n'),
      'contacts/rusty.md': contact('name: Rusty Lang\ntags: [rust]\nrole: Machine Learning Engineer', 'Likes Go; golang meetups; long language debates.\n'),
      'contacts/ml.md': contact('name: Em Ell\nexpertise: [ML, javascript]\ncompany: Machine Labs', 'Knows JS and TypeScript. Paved road fan.\n'),
      'contacts/none.md': contact('name: No One\nexpertise: [cobol]', 'Nothing here about the rest.\n'),
    });
    ageTree(dir);
    await plnIn(['who', 'warm-up', '--json'], { dir });
    for (const topic of ['k8s', 'kubernetes', 'kube', 'rust', 'rust lang', 'rustlang', 'go', 'golang', 'ml', 'machine learning', 'js', 'platform', 'golden path', 'k8s operators', 'rust language']) {
      const cached = await plnIn(['who', ...topic.split(' '), '--json'], { dir });
      expect(cached.code, topic).toBe(0);
      expect(cached.stdout, topic).toBe((await plnIn(['who', ...topic.split(' '), '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout);
    }
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'k8s', '--json'], { dir })).map((r) => r.slug)).toEqual(expect.arrayContaining(['kube', 'k8s']));
  });

  it('a spelling that holds the topic (rust lang for rust) is found where it matches well, and people of one name come in one order', async () => {
    const dir = network({
      'contacts/kay.md': contact('name: Kay Eights\nexpertise: [k8s, rust lang]', '\n## Log\n- 2026-10-01 call: a long talk about rust\n'),
      'contacts/sam-a.md': contact('name: Sam Lee\nexpertise: [rust lang]'),
      'contacts/sam-b.md': contact('name: Sam Lee\nexpertise: [rust lang]'),
      'contacts/ru.md': contact('name: Ru Stone\nexpertise: [rust]', 'Language nerd; the long way round.\n'),
    });
    ageTree(dir);
    await plnIn(['who', 'warm-up', '--json'], { dir });
    for (const topic of ['rust', 'rust lang', 'long']) {
      const cached = await plnIn(['who', ...topic.split(' '), '--json'], { dir });
      expect(cached.stdout, topic).toBe((await plnIn(['who', ...topic.split(' '), '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout);
    }
    const rows = jsonOf<{ slug: string; score: number }[]>(await plnIn(['who', 'rust', '--json'], { dir }));
    // rust lang, a whole value of theirs, is a whole match: 1, not the 0.95 of one word of two.
    expect(rows.filter((r) => r.slug !== 'ru').map((r) => [r.slug, r.score])).toEqual([
      ['kay', 1],
      ['sam-a', 1],
      ['sam-b', 1],
    ]);
  });

  it('ignores a garbage, truncated, tampered or foreign terms file, and rebuilds it', async () => {
    const dir = network(people());
    ageTree(dir);
    const expected = (await plnIn(['who', 'compilers', '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout;
    expect((await plnIn(['who', 'compilers', '--json'], { dir })).stdout).toBe(expected);
    const good = fs.readFileSync(termsFile(dir));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 2] ^= 1;
    const variants: [string, Buffer][] = [
      ['garbage', Buffer.from('\u0000\u0001garbage\nnot terms at all')],
      ['empty', Buffer.alloc(0)],
      ['truncated', good.subarray(0, Math.floor(good.length * 0.8))],
      ['tampered', flipped],
      // Still valid JSON, another word: only the checksum tells.
      ['tampered header', Buffer.from(good.toString('latin1').replace('"compilers"', '"compilerx"'), 'latin1')],
      [
        'other build',
        Buffer.from(
          good.toString('latin1').replace(/"build":"[^"]*"/, (m) => m.replace(/.(?=")/, (c) => (c === 'x' ? 'y' : 'x'))),
          'latin1',
        ),
      ],
    ];
    for (const [what, bytes] of variants) {
      expect(bytes.equals(good), what).toBe(false);
      fs.writeFileSync(termsFile(dir), bytes);
      expect((await plnIn(['who', 'compilers', '--json'], { dir })).stdout, what).toBe(expected);
      // Rebuilt: the same file but for when it was written.
      const when = (b: Buffer) =>
        b
          .toString('latin1')
          .replace(/^(pln-terms 1 \d+) \d+\n/, '$1')
          .replace(/"writtenAt":\d+/, '');
      expect(when(fs.readFileSync(termsFile(dir))), what).toBe(when(good));
    }
  });

  it('holds a value of thousands of words (32-bit words), and answers from it', async () => {
    const dir = network(people());
    const long = Array.from({ length: 5000 }, (_, i) => `word${i % 7000}`).join(' ');
    fs.writeFileSync(path.join(dir, 'contacts', 'long.md'), contact('name: Long Notes', `${long} compilers\n`));
    ageTree(dir);
    const expected = (await plnIn(['who', 'compilers', '--json'], { dir, env: { PLN_NO_CACHE: '1' } })).stdout;
    expect((await plnIn(['who', 'compilers', '--json'], { dir })).stdout).toBe(expected);
    expect(fs.readFileSync(termsFile(dir)).toString('latin1')).toContain('"width":4');
    expect((await plnIn(['who', 'compilers', '--json'], { dir })).stdout).toBe(expected);
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'word4999', '--json'], { dir })).map((r) => r.slug)).toEqual(['long']);
  });
});

/**
 * A network loaded with the cache (cold, then warm) gives the very contacts
 * and problems of a load without it: every field equal, and contacts are
 * plain data (a spread and a structured clone keep every field).
 */
function sameInMemory(files: Record<string, string | Buffer>): void {
  const dir = network(files);
  ageTree(dir);
  const plain = new Store(dir, { cache: false }).network();
  const coldStore = new Store(dir, { cache: true });
  const cold = coldStore.network();
  coldStore.flush();
  const warmStore = new Store(dir, { cache: true });
  const warm = warmStore.network();
  warmStore.flush();
  for (const net of [cold, warm]) {
    expect(net.problems).toEqual(plain.problems);
    expect(net.contacts.map((c) => c.slug)).toEqual(plain.contacts.map((c) => c.slug));
    net.contacts.forEach((c, i) => {
      const p = plain.contacts[i]!;
      const keys = Object.keys(p);
      expect(keys).toEqual(Object.keys(JSON.parse(JSON.stringify(c))));
      for (const copy of [c, { ...c }]) {
        expect(Object.keys(copy)).toEqual(keys);
        for (const k of keys) {
          const a = (copy as unknown as Record<string, unknown>)[k];
          const b = (p as unknown as Record<string, unknown>)[k];
          expect(isDeepStrictEqual(a, b), `${p.slug}.${k}`).toBe(true);
        }
      }
      // A structured clone has every field (objects without a prototype come back with one).
      expect(structuredClone(c)).toEqual(p);
    });
  }
}

/** The hostile fixtures that are text (the rest are covered by hostile.test.ts). */
function hostileFiles(): Record<string, string | Buffer> {
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'hostile');
  const out: Record<string, string | Buffer> = {};
  for (const f of fs.readdirSync(fixtures)) out[`contacts/hostile-${f}`] = fs.readFileSync(path.join(fixtures, f));
  return out;
}
