import * as fs from 'node:fs';
import * as path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, read, tempDir } from '../helpers/pln.js';

const LINKEDIN = [
  '\uFEFFNotes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Ada,Lovelace,https://www.linkedin.com/in/ada-example,ada@example.com,Analytical Engines,Staff Engineer,05 Jan 2024',
  'Bob,Builder,https://www.linkedin.com/in/bob,,"Acme, Inc.",CTO,12 Mar 2023',
  ',,,,,,01 Feb 2022',
  'Cleo,Nguyen,https://www.linkedin.com/in/cleo,cleo@example.com,Nimbus Cloud,"Site Reliability Engineer, Platform",20 Jun 2025',
  '',
].join('\r\n');

function file(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('pln import: LinkedIn', () => {
  const existing = contact('name: Ada Lovelace\nemail: ada@example.com\nrole: Mentor   # mine\ntags: [mentor]', '\n## Log\n- 2026-11-01 call: hi\n');

  it('creates the right people, updates the existing one, skips the empty row; re-import is a no-op', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': existing });
    const csv = file(tempDir(), 'Connections.csv', LINKEDIN);
    const r = await plnIn(['import', csv, '--tag', 'linkedin'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 created, 1 updated, 0 already up to date, 1 skipped/);
    const bob = jsonOf<Record<string, unknown>>(await plnIn(['show', 'bob-builder', '--json'], { dir }));
    expect(bob).toMatchObject({ name: 'Bob Builder', company: 'Acme, Inc.', role: 'CTO', tags: ['linkedin'], links: { linkedin: 'https://www.linkedin.com/in/bob' } });
    expect((bob.frontmatter as Record<string, string>).met).toBe('2023-03-12');
    const cleo = jsonOf<Record<string, unknown>>(await plnIn(['show', 'cleo', '--json'], { dir }));
    expect(cleo).toMatchObject({ emails: ['cleo@example.com'], role: 'Site Reliability Engineer, Platform', company: 'Nimbus Cloud' });
    // The existing person: not duplicated, link and tag added, her own role kept.
    const people = jsonOf<{ name: string }[]>(await plnIn(['list', '--json'], { dir }));
    expect(people.map((p) => p.name)).toEqual(['Ada Lovelace', 'Bob Builder', 'Cleo Nguyen']);
    const ada = read(dir, 'contacts/ada-lovelace.md');
    expect(ada).toContain('role: Mentor   # mine\n');
    expect(ada).toContain('tags: [mentor, linkedin]\n');
    expect(ada).toContain('  linkedin: https://www.linkedin.com/in/ada-example\n');
    expect(ada).toContain('\n## Log\n- 2026-11-01 call: hi\n');
    // Importing the same file again changes nothing.
    const before = hashTree(dir);
    const again = await plnIn(['import', csv, '--tag', 'linkedin'], { dir });
    expect(again.stdout).toMatch(/0 created, 0 updated, 3 already up to date/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('--dry-run says what would change and writes nothing', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': existing });
    const before = hashTree(dir);
    const r = await plnIn(['import', file(tempDir(), 'c.csv', LINKEDIN), '--dry-run'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+ Bob Builder \(contacts\/bob-builder\.md\): company, role, links\.linkedin, met$/m);
    expect(r.stdout).toMatch(/^~ Ada Lovelace \(contacts\/ada-lovelace\.md\): \+ links\.linkedin, company: Analytical Engines, met: 2024-01-05$/m);
    expect(r.stdout).toMatch(/Dry run, nothing written: 2 would be created, 1 would be updated/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('spreads the first check-ins of many new people over the cadence', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `P${i},Person,https://www.linkedin.com/in/p${i},,Co,Eng,01 Jan 2020`);
    const csv = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On', ...rows].join('\n');
    const dir = network({ 'pln.yml': 'default_cadence: 30d\n' });
    const r = await plnIn(['import', file(tempDir(), 'c.csv', csv)], { dir });
    expect(r.stdout).toMatch(/spread over the next 30 days/);
    const due = jsonOf<{ due_date: string }[]>(await plnIn(['list', '--json'], { dir })).map((p) => p.due_date);
    const distinct = new Set(due);
    expect(distinct.size).toBeGreaterThanOrEqual(25);
    for (const d of due) expect(d > '2026-11-29' && d <= '2026-12-29').toBe(true);
  });

  it('a file that is not what it claims: exit 1, nothing written', async () => {
    const dir = network({ 'contacts/ada-lovelace.md': existing });
    const before = hashTree(dir);
    const junk = file(tempDir(), 'junk.csv', 'just some text\nwith no header\n');
    const r = await plnIn(['import', junk], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/junk\.csv/);
    const lying = await plnIn(['import', file(tempDir(), 'x.vcf', LINKEDIN), '--format', 'vcard'], { dir });
    expect(lying.code).toBe(1);
    expect(hashTree(dir)).toEqual(before);
    expect((await plnIn(['import', '/nonexistent/file.csv'], { dir })).code).toBe(1);
  });
});

describe('pln import: vCard', () => {
  const VCF = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Grace Hopper',
    'N:Hopper;Grace;;;',
    'EMAIL;TYPE=INTERNET:grace@example.com',
    'EMAIL;TYPE=WORK:ghopper@navy.example',
    'ORG:US Navy\\, Research;Compilers',
    'TITLE:Rear Admiral',
    'CATEGORIES:mentor,navy',
    'NOTE:Invented the first compiler.\\nLoves nanoseconds\\; and\\, wire.',
    'BDAY:1906-12-09',
    'URL:https://github.com/grace',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:4.0',
    'FN:José García',
    'EMAIL:jose@example.com',
    'ORG:Nimbus Cloud',
    'TITLE:Principal SRE with a title long enough that the line has to be folded by',
    '  the exporter',
    'CATEGORIES:kubernetes',
    'BDAY:--1202',
    'END:VCARD',
    '',
  ].join('\r\n');

  it('every field lands where it should', async () => {
    const dir = network({});
    const r = await plnIn(['import', file(tempDir(), 'book.vcf', VCF)], { dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const grace = jsonOf<Record<string, unknown>>(await plnIn(['show', 'grace', '--json'], { dir }));
    expect(grace).toMatchObject({
      name: 'Grace Hopper',
      emails: ['grace@example.com', 'ghopper@navy.example'],
      company: 'US Navy, Research',
      role: 'Rear Admiral',
      tags: ['mentor', 'navy'],
      links: { github: 'https://github.com/grace' },
    });
    expect(grace.notes).toBe('Invented the first compiler.\nLoves nanoseconds; and, wire.');
    expect((grace.frontmatter as Record<string, string>).birthday).toBe('1906-12-09');
    const jose = jsonOf<Record<string, unknown>>(await plnIn(['show', 'jose', '--json'], { dir }));
    expect(jose).toMatchObject({ role: 'Principal SRE with a title long enough that the line has to be folded by the exporter', tags: ['kubernetes'] });
    expect((jose.frontmatter as Record<string, string>).birthday).toBe('12-02');
  });
});

describe('export', () => {
  const files = {
    'contacts/ada-lovelace.md': contact(
      'name: Ada Lovelace\nemail: [ada@example.com, ada@work.example]\ntags: [mentor, rust]\ncompany: "Analytical Engines, Ltd"\nrole: Staff Engineer\nexpertise: [rust]\ncadence: 30d',
      'Notes with a comma, a; semicolon and a very long line that certainly needs folding in a vCard because it is longer than seventy-five octets.\n\n## Log\n- 2026-11-20 call: x\n\n## Follow-ups\n- [ ] send the paper 📅 2026-12-05\n- [ ] undated idea\n- [x] done thing 📅 2026-11-01 ✅ 2026-10-30\n',
    ),
    'contacts/zoe.md': contact('name: Zoë Martin\ntags: [conference]\nrole: Docs Lead', '\n## Follow-ups\n- [ ] share slides 📅 2026-12-24\n'),
  };

  it('json → import into an empty network keeps names, emails, tags, company, role', async () => {
    const dir = network(files);
    for (const format of ['json', 'vcard', 'csv']) {
      const out = path.join(tempDir(), `net.${format}`);
      expect((await plnIn(['export', '--format', format, '--output', out], { dir })).code).toBe(0);
      const empty = network({});
      const r = await plnIn(['import', out], { dir: empty });
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      const back = jsonOf<Record<string, unknown>[]>(await plnIn(['list', '--json'], { dir: empty }));
      const orig = jsonOf<Record<string, unknown>[]>(await plnIn(['list', '--json'], { dir }));
      const pick = (rows: Record<string, unknown>[]) => rows.map(({ name, tags, company, role }) => ({ name, tags, company, role }));
      expect(pick(back), format).toEqual(pick(orig));
      const emails = jsonOf<{ emails: string[] }>(await plnIn(['show', 'ada', '--json'], { dir: empty })).emails;
      expect(emails, format).toEqual(['ada@example.com', 'ada@work.example']);
    }
  });

  it('a vCard export of nobody imports back as nothing, as does a file of blank lines', async () => {
    const nobody = network({});
    const out = path.join(tempDir(), 'nobody.vcf');
    expect(await plnIn(['export', '--format', 'vcard', '--output', out], { dir: nobody })).toMatchObject({ code: 0, stderr: 'Wrote 0 people to ' + out + '.\n' });
    expect(fs.readFileSync(out, 'utf8')).toBe('');
    const blank = file(tempDir(), 'blank.csv', '\r\n  \n\t\n');
    const dir = network(files);
    const before = hashTree(dir);
    for (const f of [out, blank]) {
      expect(await plnIn(['import', f], { dir })).toEqual({ code: 0, stdout: `${f} is empty: it holds no one, nothing to import.\n`, stderr: '' });
      expect(await plnIn(['import', f, '--format', 'vcard', '--dry-run'], { dir })).toEqual({ code: 0, stdout: `${f} is empty: it holds no one, nothing to import.\n`, stderr: '' });
    }
    const json = await plnIn(['import', out, '--json'], { dir });
    expect(json).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({ format: null, dry_run: false, created: [], updated: [], unchanged: [], skipped: 0 });
    expect(hashTree(dir)).toEqual(before);
  });

  it('vCard output: CRLF, lines of at most 75 octets', async () => {
    const dir = network(files);
    const out = (await plnIn(['export', '--format', 'vcard'], { dir })).stdout;
    expect(out.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  });

  it('the .ics parses with a real iCalendar parser: one entry per dated open follow-up on its date', async () => {
    const dir = network(files);
    const r = await plnIn(['export', '--format', 'ics'], { dir });
    expect(r.code).toBe(0);
    const cal = new ICAL.Component(ICAL.parse(r.stdout));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const followups = events.filter((e) => e.summary.startsWith('Follow up'));
    expect(followups.map((e) => [e.summary, e.startDate.toString()]).sort()).toEqual([
      ['Follow up with Ada Lovelace: send the paper', '2026-12-05'],
      ['Follow up with Zoë Martin: share slides', '2026-12-24'],
    ]);
    for (const e of events) expect(e.startDate.isDate).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect(events.some((e) => e.summary === 'Check in with Ada Lovelace')).toBe(true);
    // Stable UIDs: exporting again gives the same entries.
    expect((await plnIn(['export', '--format', 'ics'], { dir })).stdout).toBe(r.stdout);
    expect(r.stdout.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('filters like pln list, and csv has a header and quotes', async () => {
    const dir = network(files);
    const json = jsonOf<{ name: string }[]>(await plnIn(['export', '--format', 'json', '--tag', 'conference'], { dir }));
    expect(json.map((p) => p.name)).toEqual(['Zoë Martin']);
    const csv = (await plnIn(['export', '--format', 'csv'], { dir })).stdout;
    expect(csv.split(/\r?\n/)[0]).toMatch(/^slug,name,/);
    expect(csv).toContain('"Analytical Engines, Ltd"');
    expect((await plnIn(['export'], { dir })).code).toBe(2);
    expect((await plnIn(['export', '--format', 'pdf'], { dir })).code).toBe(2);
  });
});
