/**
 * Import against address books that real programs wrote (../shared/realdata,
 * read in place; SOURCES.txt says where each came from), and the backup
 * promise of the JSON export on the sample network. Where the folder of real
 * files is absent (a clone of this project alone), those tests say so and
 * step aside; the others run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { hashTree, jsonOf, network, ROOT, tempDir, type RunResult } from '../helpers/pln.js';

const REALDATA = path.resolve(ROOT, '../shared/realdata');
const haveRealdata = fs.existsSync(REALDATA);
if (!haveRealdata) console.log(`note: ${REALDATA} is absent; the tests over real address books are skipped`);

const realFiles = haveRealdata
  ? fs
      .readdirSync(REALDATA)
      .filter((f) => /\.(vcf|csv)$/.test(f))
      .sort()
  : [];

/** Files that are broken on purpose, and the one error each must give. */
const KNOWN_BROKEN: Record<string, RegExp> = {
  'khard_unparsable.vcf': /^pln: \S+khard_unparsable\.vcf: line 1: the card that starts here has no END:VCARD\n$/,
};

// Control characters other than the line feed and tab have no place in a contact file.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// A photo inlined as base64 (PHOTO;ENCODING=b, data: URIs) would show as a long run of base64.
const PHOTO = /data:image|[A-Za-z0-9+/]{120,}/;

function contactFiles(dir: string): string[] {
  const root = path.join(dir, 'contacts');
  return fs.existsSync(root)
    ? fs
        .readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.md'))
    : [];
}

function writeFile(name: string, text: string | Buffer): string {
  const p = path.join(tempDir(), name);
  fs.writeFileSync(p, text);
  return p;
}

async function show(dir: string, who: string): Promise<Record<string, unknown>> {
  return jsonOf<Record<string, unknown>>(await plnIn(['show', who, '--json'], { dir }));
}

/** Runs `fn` over `items`, two at a time (the machine may be busy). */
async function inPairs<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all([worker(), worker()]);
}

describe.skipIf(!haveRealdata)('pln import over real address books', () => {
  it('every file imports (or fails with its one clear error), writes clean files, warns little, and re-imports without a change', async () => {
    expect(realFiles.length).toBeGreaterThan(60);
    const failures: string[] = [];
    await inPairs(realFiles, async (name) => {
      const file = path.join(REALDATA, name);
      const dir = network({});
      const r: RunResult = await plnIn(['import', file], { dir });
      const broken = KNOWN_BROKEN[name];
      if (broken) {
        if (r.code !== 1 || !broken.test(r.stderr) || contactFiles(dir).length !== 0) failures.push(`${name}: ${r.code} ${r.stderr}`);
        return;
      }
      if (r.code !== 0) return void failures.push(`${name}: exit ${r.code}: ${r.stderr}`);
      const warnings = r.stderr.split('\n').filter(Boolean);
      if (warnings.length > 3) failures.push(`${name}: ${warnings.length} warnings:\n${r.stderr}`);
      for (const f of contactFiles(dir)) {
        const text = fs.readFileSync(path.join(dir, 'contacts', f), 'utf8');
        if (CONTROL.test(text)) failures.push(`${name}: ${f} holds a control character`);
        if (text.includes('\\"')) failures.push(`${name}: ${f} holds \\"`);
        if (PHOTO.test(text)) failures.push(`${name}: ${f} holds photo data`);
      }
      const before = hashTree(dir);
      const again = await plnIn(['import', file], { dir });
      if (again.code !== 0 || !/^0 created, 0 updated, \d+ already up to date/m.test(again.stdout)) {
        failures.push(`${name}: the second import: ${again.stdout}${again.stderr}`);
      }
      if (JSON.stringify(hashTree(dir)) !== JSON.stringify(before)) failures.push(`${name}: the second import changed files`);
    });
    expect(failures).toEqual([]);
  }, 300_000);

  it('the Outlook CSV gives Adam Glacius his three e-mails, his mobile and business phones, and names the columns it ignored', async () => {
    const dir = network({});
    const r = await plnIn(['import', path.join(REALDATA, 'outlookcsv_gpcsolutions_outlook.csv')], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ignored columns: Action, ID, Pager, Home Fax, Home Address, Business Fax, Business Address$/m);
    const adam = await show(dir, 'adam-glacius');
    expect(adam.emails).toEqual(['adam.glacius@anycom.com', 'adam.g@example.com', 'ag@glacius.com']);
    expect(adam.phones).toEqual(expect.arrayContaining(['+1 555 3227 8544', '+1 555 3227 8547']));
    expect(adam).toMatchObject({ company: 'Acme Inc.', role: 'Sales Planner' });
  });

  it('both Thunderbird CSVs (comma and semicolon) give John Doe john@doe.invalid', async () => {
    for (const name of ['thunderbird_basic_csv_addressbook.csv', 'thunderbird_csv_semicolon.csv']) {
      const dir = network({});
      expect((await plnIn(['import', path.join(REALDATA, name)], { dir })).code).toBe(0);
      expect((await show(dir, 'john-doe')).emails).toEqual(['john@doe.invalid']);
    }
  });

  it('cat of two .vcf files, the first without a final line break, gives two people', async () => {
    const a = fs.readFileSync(path.join(REALDATA, 'ezvcard_John_Doe_EVOLUTION.vcf'));
    const b = fs.readFileSync(path.join(REALDATA, 'ezvcard_gmail-single.vcf'));
    expect(a.subarray(-9).toString()).toBe('END:VCARD');
    const dir = network({});
    const r = await plnIn(['import', writeFile('both.vcf', Buffer.concat([a, b]))], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 created/m);
    const greg = await show(dir, 'greg-dartmouth');
    expect(greg.emails).not.toContain('john.doe@ibm.com');
    expect((await show(dir, 'mr-john-richter-james-doe-sr')).name).toBe('Mr. John Richter, James Doe Sr.');
  });

  it('the family name of ezvcard_fullcontact.vcf survives import and vCard export', async () => {
    const dir = network({});
    expect((await plnIn(['import', path.join(REALDATA, 'ezvcard_fullcontact.vcf')], { dir })).code).toBe(0);
    const out = (await plnIn(['export', '--format', 'vcard'], { dir })).stdout;
    expect(out).toContain('\r\nN:LastName;FirstName;MiddleName;Prefix;Suffix\r\n');
    expect(out).toContain('\r\nNICKNAME:NickName\r\n');
  });

  it('the names of links survive vCard export and import into a fresh network', async () => {
    for (const name of ['ezvcard_gmail-single.vcf', 'ezvcard_gmail-single2.vcf']) {
      const dir = network({});
      expect((await plnIn(['import', path.join(REALDATA, name)], { dir })).code).toBe(0);
      const [person] = jsonOf<{ slug: string }[]>(await plnIn(['list', '--json'], { dir }));
      const before = (await show(dir, person!.slug)).links;
      const out = writeFile('out.vcf', (await plnIn(['export', '--format', 'vcard'], { dir })).stdout);
      const fresh = network({});
      expect((await plnIn(['import', out], { dir: fresh })).code).toBe(0);
      expect((await show(fresh, person!.slug)).links, name).toEqual(before);
    }
  });

  it('the iOS file (CR CR LF line ends) reads its folded lines whole, without warnings', async () => {
    const dir = network({});
    const r = await plnIn(['import', path.join(REALDATA, 'ezvcard_John_Doe_IPHONE.vcf')], { dir });
    expect(r.stderr).toBe('');
    const john = await show(dir, 'mr-john-richter-james-doe-sr');
    expect(john).toMatchObject({ company: 'IBM', role: 'Money Counter', emails: ['john.doe@ibm.com'] });
    // The home fax, the work fax and the pager are not phones one calls.
    expect(john.phones).toEqual(['905-555-1234', '905-666-1234', '905-777-1234', '905-222-1234']);
    expect((john.frontmatter as Record<string, unknown>).name_parts).toEqual({
      prefix: 'Mr.',
      given: 'John',
      additional: 'Richter James',
      family: 'Doe',
      suffix: 'Sr.',
    });
  });

  it('Google and Apple notes lose their \\" escapes; nicknames and names in another script become aliases; a group card is no person', async () => {
    const dir = network({});
    for (const f of ['ezvcard_John_Doe_GMAIL.vcf', 'vobject_vcard40_multilang.vcf', 'vobject_vcard40_group.vcf']) {
      expect((await plnIn(['import', path.join(REALDATA, f)], { dir })).code).toBe(0);
    }
    const files = contactFiles(dir).map((f) => fs.readFileSync(path.join(dir, 'contacts', f), 'utf8'));
    expect(files.some((t) => t.includes('"AS IS"'))).toBe(true);
    expect((await show(dir, 'yamada-taro')).aliases).toEqual(['山田太郎']);
    expect(contactFiles(dir)).toHaveLength(2);
  });

  it('an organization card (KIND:org) is no person: skipped and counted, with a warning', async () => {
    for (const [name, org] of [
      ['khard_org.vcf', 'ACME Inc.'],
      ['vobject_vcard40_org.vcf', 'ABC Marketing'],
    ]) {
      const dir = network({});
      const file = path.join(REALDATA, name);
      const r = await plnIn(['import', file], { dir });
      expect(r.code).toBe(0);
      expect(r.stderr, org).toBe(`warning: ${file}: line 1: an organization card (KIND:org), not a person, skipped\n`);
      expect(r.stdout).toBe('0 created, 0 updated, 0 already up to date, 1 skipped (vcard).\n');
      expect(contactFiles(dir)).toEqual([]);
    }
  });

  it('the Android file: cards with only an e-mail are named by it, and text where the e-mail goes is no e-mail', async () => {
    const dir = network({});
    const file = path.join(REALDATA, 'ezvcard_John_Doe_ANDROID.vcf');
    const r = await plnIn(['import', file], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${file}: line 44: e-mail "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ" is not an address (no @ between two parts), ignored\n`);
    expect(r.stdout).toMatch(/^\+ john\.doe@company\.com \(contacts\/john-doe-company-com\.md\): email, tags$/m);
    expect(r.stdout).toMatch(/^6 created, 0 updated, 0 already up to date \(vcard\)\.$/m);
    expect(await show(dir, 'jane-doe-company-com')).toMatchObject({ name: 'jane.doe@company.com', emails: ['jane.doe@company.com'], tags: ['My Contacts'] });
    expect((await show(dir, 'n-n-n-n')).emails).toEqual(['bob@company.com']);
  });

  it('the location is the city of the preferred address (PREF=1), not of the first one', async () => {
    const dir = network({});
    expect((await plnIn(['import', path.join(REALDATA, 'vobject_vcard40_full.vcf')], { dir })).code).toBe(0);
    const [person] = jsonOf<{ slug: string }[]>(await plnIn(['list', '--json'], { dir }));
    expect((await show(dir, person!.slug)).location).toBe('Somewhere');
  });

  it('a Korean name gets its own name as the file name', async () => {
    const dir = network({});
    const r = await plnIn(['import', path.join(REALDATA, 'khard_korean-c.vcf')], { dir });
    expect(r.stdout).toContain('+ 최유림 (contacts/최유림.md)');
    expect((await show(dir, '최유림')).name).toBe('최유림');
  });
});

describe('pln import: spreadsheets of other programs (written here)', () => {
  it('a Google Contacts CSV of the current layout: ::: values, labels, organization, websites, nicknames', async () => {
    const header =
      'First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - City,Website 1 - Label,Website 1 - Value';
    const row =
      'Ludwig,,van Beethoven,,,,Louis,,Wiener Hofmusik,Composer,Strings,1770-12-17,"Deaf, later",,* myContacts ::: Composers ::: * starred,* Home,lvb@example.com ::: ludwig@example.org,Work,lvb@hof.example,Mobile,+43 1 234 ::: +43 1 567,Home,Wien,Profile,https://github.com/lvb';
    const dir = network({});
    const r = await plnIn(['import', writeFile('contacts.csv', `${header}\n${row}\n`)], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ignored columns: Organization Department$/m);
    const lvb = await show(dir, 'ludwig-van-beethoven');
    expect(lvb).toMatchObject({
      name: 'Ludwig van Beethoven',
      emails: ['lvb@example.com', 'ludwig@example.org', 'lvb@hof.example'],
      phones: ['+43 1 234', '+43 1 567'],
      company: 'Wiener Hofmusik',
      role: 'Composer',
      location: 'Wien',
      tags: ['Composers'],
      aliases: ['Louis'],
      links: { github: 'https://github.com/lvb' },
    });
    expect(lvb.frontmatter).toMatchObject({ birthday: '1770-12-17', name_parts: { given: 'Ludwig', family: 'van Beethoven' } });
  });

  it('a LinkedIn export of 2018: met from "1/8/18, 6:14 PM", no urn:li e-mail, a short row reported with its line', async () => {
    const text = [
      'First Name,Last Name,Email Address,Company,Position,Connected On,Tags',
      'Ada,Lovelace,urn:li:member:664293716,Analytical Engines,Engineer,"1/8/18, 6:14 PM",',
      'Grace,Hopper,grace@navy.example,US Navy,Admiral,"12/31/17, 9:02 AM",',
      'Cut,Short,cut@example.com',
      '',
    ].join('\n');
    const dir = network({});
    const file = writeFile('Connections.csv', text);
    const r = await plnIn(['import', file], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${file}: line 4: fewer fields than the header's 7; the missing ones are read as empty (is the row cut short?)\n`);
    const ada = await show(dir, 'ada-lovelace');
    expect(ada.emails).toEqual([]);
    expect((ada.frontmatter as Record<string, string>).met).toBe('2018-01-08');
    expect(((await show(dir, 'grace-hopper')).frontmatter as Record<string, string>).met).toBe('2017-12-31');
  });

  it('a broken quote is reported as such, whatever the format would have been', async () => {
    const text = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,,,"Engines,Eng,05 Jan 2024\n';
    const dir = network({});
    const r = await plnIn(['import', writeFile('c.csv', text)], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/c\.csv: line 2: a quoted CSV field is never closed\n$/);
  });
});

describe('pln export: a backup that import restores', () => {
  const sample = path.join(ROOT, 'templates', 'sample');

  function sampleNetwork(): string {
    const dir = tempDir();
    fs.cpSync(sample, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.pln`) });
    return dir;
  }

  it('JSON export → import into an empty network gives the same files, show --json of everyone and due --json', { timeout: 120_000 }, async () => {
    const from = sampleNetwork();
    const backup = writeFile('network.json', (await plnIn(['export', '--format', 'json'], { dir: from })).stdout);
    // The backup holds the people; the settings (here cadence_by_tag) are pln.yml, which travels as it is.
    const to = network({ 'pln.yml': fs.readFileSync(path.join(from, 'pln.yml')) });
    expect(fs.readdirSync(path.join(to, 'contacts'))).toEqual([]);
    const r = await plnIn(['import', backup], { dir: to });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/spread/);
    const people = jsonOf<{ slug: string; file: string }[]>(await plnIn(['list', '--json'], { dir: from }));
    expect(people.length).toBeGreaterThan(10);
    for (const p of people) {
      expect(fs.readFileSync(path.join(to, p.file), 'utf8')).toBe(fs.readFileSync(path.join(from, p.file), 'utf8'));
      expect((await plnIn(['show', p.slug, '--json'], { dir: to })).stdout).toBe((await plnIn(['show', p.slug, '--json'], { dir: from })).stdout);
    }
    expect((await plnIn(['due', '--json'], { dir: to })).stdout).toBe((await plnIn(['due', '--json'], { dir: from })).stdout);
    // Into the same network: nothing changes.
    const before = hashTree(from);
    const again = await plnIn(['import', backup], { dir: from });
    expect(again.stdout).toMatch(/^0 created, 0 updated, \d+ already up to date/m);
    expect(hashTree(from)).toEqual(before);
  });

  it('a backup from elsewhere writes only inside the contacts folder, and only files that parse', async () => {
    const text = '---\nname: Eve Outside\n---\n';
    const entries = [
      { name: 'Eve Outside', file: 'contacts/../../evil.md', text },
      { name: 'Abe Absolute', file: '/tmp/abs.md', text: '---\nname: Abe Absolute\n---\n' },
      { name: 'Dot Hidden', file: 'contacts/.git/x.md', text: '---\nname: Dot Hidden\n---\n' },
    ];
    const dir = network({});
    const r = await plnIn(['import', writeFile('b.json', JSON.stringify(entries))], { dir });
    expect(r.code).toBe(0);
    expect(contactFiles(dir).sort()).toEqual(['abe-absolute.md', 'dot-hidden.md', 'eve-outside.md']);
    expect(fs.existsSync(path.join(dir, '..', 'evil.md'))).toBe(false);
    const bad = [{ name: 'Bad', file: 'contacts/bad.md', text: '---\nname: [unclosed\n---\n' }];
    const empty = network({});
    const r2 = await plnIn(['import', writeFile('bad.json', JSON.stringify(bad))], { dir: empty });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/contacts\/bad\.md.*the import was undone, nothing changed/);
    expect(contactFiles(empty)).toEqual([]);
  });

  it('CSV export escapes what it joins and survives its own re-import', async () => {
    const dir = network({
      'contacts/ada.md': '---\nname: Ada Lovelace\naliases: [Countess]\nname_parts: {given: Ada, family: King-Noel}\nphone: ["+1-418-656-9254;ext=102", "+44 1"]\ntags: ["a;b", "c,d", mentor]\n---\n',
    });
    const csv = writeFile('people.csv', (await plnIn(['export', '--format', 'csv'], { dir })).stdout);
    const fresh = network({});
    expect((await plnIn(['import', csv], { dir: fresh })).code).toBe(0);
    const ada = await show(fresh, 'ada-lovelace');
    expect(ada.phones).toEqual(['+1-418-656-9254;ext=102', '+44 1']);
    expect(ada.tags).toEqual(['a;b', 'c,d', 'mentor']);
    expect(ada.aliases).toEqual(['Countess']);
    expect((ada.frontmatter as Record<string, unknown>).name_parts).toEqual({ given: 'Ada', family: 'King-Noel' });
    const before = hashTree(dir);
    expect((await plnIn(['import', csv], { dir })).stdout).toMatch(/^0 created, 0 updated, 1 already up to date/m);
    expect(hashTree(dir)).toEqual(before);
  });
});
