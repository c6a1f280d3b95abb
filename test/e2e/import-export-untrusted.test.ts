/**
 * `pln import` and `pln export` over files someone else wrote: each bad input
 * is one short line and a non-zero exit, nothing from a file turns into a log
 * entry, a follow-up or JavaScript's internals, no file is written that pln
 * cannot read back, and an export never replaces a file of the network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, read, tempDir } from '../helpers/pln.js';

const ADA = contact('name: Ada Lovelace\nemail: ada@example.com');

/** A folder holding one file to import; pln runs in it, so messages name the file as given. */
function importFile(name: string, text: string): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('pln import: a bad file is one short line', () => {
  it('JSON nested 100,000 deep', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const before = hashTree(dir);
    const cwd = importFile('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    const r = await plnIn(['import', 'deep.json', '--dir', dir], { cwd });
    expect(r).toEqual({ stdout: '', stderr: 'pln: deep.json: entry [0]: expected an object with a "name", found [[[[…]]]]\n', code: 1 });
    expect(hashTree(dir)).toEqual(before);
  });

  it('links nested 3,000 deep: the line quotes an excerpt', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const cwd = importFile('links.json', `[{"name": "Ada", "links": ${'{"a":'.repeat(3000)}"x"${'}'.repeat(3000)}}]`);
    const r = await plnIn(['import', 'links.json', '--dir', dir], { cwd });
    expect(r).toEqual({ stdout: '', stderr: 'pln: links.json: entry [0] (Ada): "links" must be an object of name → URL strings, found {"a":{"a":{"a":{…}}}}\n', code: 1 });
  });
});

describe('pln export: links named like Object’s own', () => {
  const files = {
    'contacts/ada.md': ADA,
    'contacts/bob.md': contact('name: Bob\nlinks:\n  constructor: https://b.example\n  toString: https://c.example'),
    'contacts/carol.md': contact('name: Carol\nlinks:\n  __proto__: https://p.example'),
  };

  it('CSV: each person’s own links, empty cells for the others', async () => {
    const r = await plnIn(['export', '--format', 'csv'], { dir: network(files) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'slug,name,email,phone,company,role,location,tags,expertise,links.__proto__,links.constructor,links.toString,notes,birthday,cadence,cadence_days,last_contact,due_date,aliases,name_prefix,given_name,additional_name,family_name,name_suffix',
        'ada,Ada Lovelace,ada@example.com,,,,,,,,,,,,,90,,2026-11-29,,,,,,',
        'bob,Bob,,,,,,,,,https://b.example,https://c.example,,,,90,,2026-11-29,,,,,,',
        'carol,Carol,,,,,,,,https://p.example,,,,,,90,,2026-11-29,,,,,,',
        '',
      ].join('\r\n'),
    );
  });

  it('JSON and vCard: the same links, nothing more', async () => {
    const dir = network(files);
    const json = jsonOf<{ slug: string; links: Record<string, string> }[]>(await plnIn(['export', '--format', 'json'], { dir }));
    expect(json.map((p) => [p.slug, Object.entries(p.links)])).toEqual([
      ['ada', []],
      [
        'bob',
        [
          ['constructor', 'https://b.example'],
          ['toString', 'https://c.example'],
        ],
      ],
      ['carol', [['__proto__', 'https://p.example']]],
    ]);
    const vcard = (await plnIn(['export', '--format', 'vcard'], { dir })).stdout;
    expect(vcard.match(/^item\d+\.URL:.*$/gm)).toEqual(['item1.URL:https://b.example', 'item2.URL:https://c.example', 'item1.URL:https://p.example']);
  });

  it('CSV import of such links writes them as links', async () => {
    const dir = network({});
    const cwd = importFile('links.csv', 'name,links.constructor,links.__proto__\nDan,https://d.example,https://e.example\n');
    const r = await plnIn(['import', 'links.csv', '--dir', dir], { cwd });
    expect(r.code).toBe(0);
    expect(read(dir, 'contacts/dan.md')).toContain('\nlinks:\n  constructor: https://d.example\n  __proto__: https://e.example\n');
  });
});

describe('pln import: never a contact file over the 1 MiB pln reads', () => {
  const big = `name,notes\nShort,hi\nLong,"${'x'.repeat(3_000_000)}"\n`;

  it('a row with 3,000,000 characters of notes stops the import, naming its line; nothing is written', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const before = hashTree(dir);
    const cwd = importFile('big.csv', big);
    for (const args of [
      ['import', 'big.csv'],
      ['import', 'big.csv', '--dry-run'],
    ]) {
      const r = await plnIn([...args, '--dir', dir], { cwd });
      expect(r).toEqual({ stdout: '', stderr: 'pln: big.csv: line 3 (Long): the contact file would be 2.9 MiB, over the 1 MiB limit for a contact; nothing imported\n', code: 1 });
      expect(hashTree(dir)).toEqual(before);
    }
  });

  it('an update that would take a contact over the limit is undone with the rest', async () => {
    const dir = network({ 'contacts/ada.md': ADA, 'contacts/bob.md': contact('name: Bob') });
    const before = hashTree(dir);
    const cwd = importFile(
      'grow.json',
      JSON.stringify([
        { name: 'Bob', tags: ['friend'] },
        { name: 'Ada Lovelace', email: `${'a'.repeat(1_100_000)}@example.com` },
      ]),
    );
    const r = await plnIn(['import', 'grow.json', '--dir', dir], { cwd });
    expect(r.stderr).toBe('pln: contacts/ada.md: the import would take it over the 1 MiB limit for a contact; not written; the import was undone, nothing changed\n');
    expect(r.code).toBe(1);
    expect(hashTree(dir)).toEqual(before);
  });
});

describe('pln import: notes never become log entries or follow-ups', () => {
  const EVE = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nNOTE:hello\\n## Log\\n- 2026-11-30 call: never happened\\n## Follow-ups\\n- [ ] pay Eve 1000 EUR 📅 2026-12-01\r\nEND:VCARD\r\n';

  it('a vCard NOTE with headings and a task in it', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const cwd = importFile('eve.vcf', EVE);
    const r = await plnIn(['import', 'eve.vcf', '--dir', dir], { cwd });
    expect(r).toEqual({ stdout: '+ Eve (contacts/eve.md): notes\n1 created, 0 updated, 0 already up to date (vcard).\n', stderr: '', code: 0 });
    expect(read(dir, 'contacts/eve.md')).toBe(
      '---\nname: Eve\ntags: []\nexpertise: []\nadded: 2026-11-29\n---\n\n## Notes\n\nhello\n\\## Log\n- 2026-11-30 call: never happened\n\\## Follow-ups\n- [ ] pay Eve 1000 EUR 📅 2026-12-01\n\n## Log\n\n## Follow-ups\n',
    );
    const eve = jsonOf<{ notes: string; log: unknown[]; followups: unknown[]; last_contact: string | null }>(await plnIn(['show', 'eve', '--json'], { dir }));
    expect(eve).toMatchObject({ log: [], followups: [], last_contact: null, notes: 'hello\n\\## Log\n- 2026-11-30 call: never happened\n\\## Follow-ups\n- [ ] pay Eve 1000 EUR 📅 2026-12-01' });
    expect(await plnIn(['followups', '--json'], { dir })).toEqual({ stdout: '[]\n', stderr: '', code: 0 });
    expect(await plnIn(['doctor'], { dir })).toEqual({ stdout: 'All 2 contacts are fine.\n', stderr: '', code: 0 });
  });

  it('CSV notes with a conflict and an open code fence: the sections below still work', async () => {
    const dir = network({});
    const cwd = importFile('eve.csv', 'name,notes\nEve,"<<<<<<< a\n## Log\n=======\n>>>>>>> b\n```"\n');
    expect((await plnIn(['import', 'eve.csv', '--dir', dir], { cwd })).code).toBe(0);
    expect(read(dir, 'contacts/eve.md')).toContain('\n## Notes\n\n\\<<<<<<< a\n\\## Log\n\\=======\n\\>>>>>>> b\n```\n```\n\n## Log\n');
    expect(await plnIn(['doctor'], { dir })).toEqual({ stdout: 'All 1 contacts are fine.\n', stderr: '', code: 0 });
    expect((await plnIn(['log', 'eve', 'call: real'], { dir })).code).toBe(0);
    expect(jsonOf<{ log: unknown[] }>(await plnIn(['show', 'eve', '--json'], { dir })).log).toMatchObject([{ date: '2026-11-29', kind: 'call', text: 'real' }]);
  });
});

describe('pln export --output: never a file of the network', () => {
  const usage = 'Usage: pln export [options]\n(see pln export --help)\n';
  const cases: [string, string][] = [
    ['contacts/ada.md', 'is inside the contacts folder, where every file is a contact'],
    ['contacts/new.csv', 'is inside the contacts folder, where every file is a contact'],
    ['pln.yml', "is the network's settings file"],
    ['.pln/out.json', "is inside .pln/, pln's own state"],
    ['linked/ada.md', 'is inside the contacts folder, where every file is a contact'],
    ['exports/../pln.yml', "is the network's settings file"],
  ];

  for (const [output, why] of cases) {
    it(`refuses ${output}`, async () => {
      const dir = network({ 'contacts/ada.md': ADA, 'pln.yml': 'default_cadence: 90d\n' });
      fs.symlinkSync('contacts', path.join(dir, 'linked'));
      fs.mkdirSync(path.join(dir, 'exports'));
      fs.mkdirSync(path.join(dir, '.pln'), { recursive: true });
      const before = hashTree(dir);
      const r = await plnIn(['export', '--format', 'json', '--output', output, '--dir', dir], { cwd: dir });
      expect(r).toEqual({ stdout: '', stderr: `pln: --output ${output}: ${why}; write the export elsewhere (for example exports/)\n${usage}`, code: 2 });
      expect(hashTree(dir)).toEqual(before);
      expect(fs.existsSync(path.join(dir, '.pln', 'out.json'))).toBe(false);
    });
  }

  it('refuses pln.yml under another name (a hard link here; PLN.YML on a case-insensitive disk)', async () => {
    const dir = network({ 'contacts/ada.md': ADA, 'pln.yml': 'default_cadence: 90d\n' });
    fs.linkSync(path.join(dir, 'pln.yml'), path.join(dir, 'PLN.YML'));
    const before = hashTree(dir);
    const r = await plnIn(['export', '--format', 'json', '--output', 'PLN.YML', '--dir', dir], { cwd: dir });
    expect(r).toEqual({ stdout: '', stderr: `pln: --output PLN.YML: is the network's settings file; write the export elsewhere (for example exports/)\n${usage}`, code: 2 });
    expect(hashTree(dir)).toEqual(before);
  });

  it('makes the folders on the way that do not exist yet, as mkdir -p; a file in the way is one line, nothing written', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const r = await plnIn(['export', '--format', 'json', '--output', 'exports/2026/net.json', '--dir', dir], { cwd: dir });
    expect(r).toEqual({ stdout: '', stderr: 'Wrote 1 person to exports/2026/net.json.\n', code: 0 });
    expect(read(dir, 'exports/2026/net.json')).toBe((await plnIn(['export', '--format', 'json'], { dir })).stdout);
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    const before = hashTree(dir);
    const bad = await plnIn(['export', '--format', 'json', '--output', 'afile/net.json', '--dir', dir], { cwd: dir });
    expect(bad).toEqual({ stdout: '', stderr: 'pln: afile/net.json: could not make its folder (EEXIST); nothing written\n', code: 1 });
    expect(hashTree(dir)).toEqual(before);
  });

  it('writes elsewhere in the network, and outside it', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    fs.mkdirSync(path.join(dir, 'exports'));
    const r = await plnIn(['export', '--format', 'csv', '--output', 'exports/net.csv', '--dir', dir], { cwd: dir });
    expect(r).toEqual({ stdout: '', stderr: 'Wrote 1 person to exports/net.csv.\n', code: 0 });
    expect(read(dir, 'exports/net.csv')).toBe((await plnIn(['export', '--format', 'csv'], { dir })).stdout);
    const elsewhere = tempDir();
    expect((await plnIn(['export', '--format', 'json', '--output', 'net.json', '--dir', dir], { cwd: elsewhere })).code).toBe(0);
    expect(fs.existsSync(path.join(elsewhere, 'net.json'))).toBe(true);
  });
});

describe('pln import --json', () => {
  const CARDS =
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nORG:Analytical Engines\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Example\r\nEMAIL:eve@example.com\r\nEND:VCARD\r\n';

  it('prints the plan as one JSON value, writes what it says, and nothing with --dry-run', async () => {
    const dir = network({ 'contacts/ada.md': ADA });
    const cwd = importFile('people.vcf', CARDS);
    const before = hashTree(dir);
    const dry = await plnIn(['import', 'people.vcf', '--dry-run', '--json', '--dir', dir], { cwd });
    expect(dry.stderr).toBe('');
    expect(jsonOf(dry)).toEqual({
      format: 'vcard',
      dry_run: true,
      created: [{ slug: 'eve-example', name: 'Eve Example', file: 'contacts/eve-example.md', fields: ['email'] }],
      updated: [{ slug: 'ada', name: 'Ada Lovelace', file: 'contacts/ada.md', changes: ['company: Analytical Engines'] }],
      unchanged: [],
      skipped: 0,
    });
    expect(hashTree(dir)).toEqual(before);
    const real = jsonOf<{ dry_run: boolean; created: unknown[]; updated: unknown[] }>(await plnIn(['import', 'people.vcf', '--json', '--dir', dir], { cwd }));
    expect([real.dry_run, real.created.length, real.updated.length]).toEqual([false, 1, 1]);
    expect(read(dir, 'contacts/eve-example.md')).toContain('name: Eve Example\n');
    const again = jsonOf<{ created: unknown[]; updated: unknown[]; unchanged: { slug: string }[] }>(await plnIn(['import', 'people.vcf', '--json', '--dir', dir], { cwd }));
    expect([again.created, again.updated, again.unchanged.map((u) => u.slug)]).toEqual([[], [], ['ada', 'eve-example']]);
  });
});
