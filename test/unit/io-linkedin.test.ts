import { describe, expect, it } from 'vitest';
import { parseConnectedOn, parseLinkedin } from '../../src/io/linkedin.js';

// What LinkedIn's export looks like: a BOM, CRLF, a notes preamble whose quoted
// paragraph spans two lines, a blank line, then the header.
const EXPORT = [
  '\uFEFFNotes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing.',
  'You will only see email addresses for connections who have allowed ""their connections"" to see them."',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@example.com,"Analytical Engines, Ltd",Staff Engineer,05 Jan 2024',
  'Grace,Hopper,https://www.linkedin.com/in/grace,,US Navy,"Rear Admiral, ""Amazing Grace""",28 Feb 2023',
  ',,,,,,14 Mar 2022',
  'Charles,Babbage,https://www.linkedin.com/in/cb,,,,1 Sept 2021',
  '',
].join('\r\n');

describe('parseLinkedin', () => {
  const result = parseLinkedin(EXPORT);

  it('finds the header after the preamble and reads every connection', () => {
    expect(result.people.map((p) => p.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Charles Babbage']);
    expect(result.warnings).toEqual([]);
  });

  it('puts each column where it belongs, with a quoted comma in the company', () => {
    expect(result.people[0]).toEqual({
      at: 'line 6',
      name: 'Ada Lovelace',
      aliases: [],
      nameParts: { prefix: '', given: 'Ada', additional: '', family: 'Lovelace', suffix: '' },
      emails: ['ada@example.com'],
      phones: [],
      company: 'Analytical Engines, Ltd',
      role: 'Staff Engineer',
      location: null,
      tags: [],
      expertise: [],
      links: { linkedin: 'https://www.linkedin.com/in/ada-lovelace' },
      notes: null,
      birthday: null,
      met: '2024-01-05',
      cadence: null,
      extra: {},
    });
  });

  it('reads doubled quotes, an empty email and an empty company', () => {
    const [, grace, charles] = result.people;
    expect(grace!.role).toBe('Rear Admiral, "Amazing Grace"');
    expect(grace!.emails).toEqual([]);
    expect(grace!.met).toBe('2023-02-28');
    expect(charles!.company).toBeNull();
    expect(charles!.met).toBe('2021-09-01');
  });

  it('counts rows that are empty but for the date as skipped', () => {
    expect(result.skipped).toBe(1);
  });

  it('tolerates reordered and extra columns, and no preamble at all', () => {
    const text = 'Connected On,Company,Last Name,First Name,Tags,URL\n05 Jan 2024,Engines,Lovelace,Ada,x,https://linkedin.com/in/ada\n';
    const [ada] = parseLinkedin(text).people;
    expect(ada).toMatchObject({ name: 'Ada Lovelace', company: 'Engines', met: '2024-01-05', links: { linkedin: 'https://linkedin.com/in/ada' } });
  });

  it('warns about a date it cannot read, and about a row with data but no name', () => {
    const text = 'First Name,Last Name,URL,Connected On\nAda,Lovelace,,yesterday-ish\n,,https://linkedin.com/in/ghost,05 Jan 2024\n';
    const r = parseLinkedin(text);
    expect(r.people[0]!.met).toBeNull();
    expect(r.skipped).toBe(1);
    expect(r.warnings).toEqual(['line 3: a connection with no name, skipped', 'line 2: "Connected On" date "yesterday-ish" not understood, ignored']);
  });

  it('rejects a file without the LinkedIn header', () => {
    expect(() => parseLinkedin('name,email\nAda,ada@example.com\n')).toThrow(/not a LinkedIn Connections\.csv/);
  });
});

describe('parseConnectedOn', () => {
  it('reads LinkedIn dates and ISO dates, and nothing else', () => {
    expect(parseConnectedOn('05 Jan 2024')).toBe('2024-01-05');
    expect(parseConnectedOn('5 December 2019')).toBe('2019-12-05');
    expect(parseConnectedOn('2024-01-05')).toBe('2024-01-05');
    expect(parseConnectedOn('31 Feb 2024')).toBeNull();
    expect(parseConnectedOn('05 Foo 2024')).toBeNull();
    // 2018 exports: month first, a two-digit year, and a time.
    expect(parseConnectedOn('1/5/24')).toBe('2024-01-05');
    expect(parseConnectedOn('1/8/18, 6:14 PM')).toBe('2018-01-08');
    expect(parseConnectedOn('12/31/2019')).toBe('2019-12-31');
    expect(parseConnectedOn('13/1/18')).toBeNull();
  });
});
