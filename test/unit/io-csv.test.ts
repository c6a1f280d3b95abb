import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { parseCsvPeople, readCsv, toCsv } from '../../src/io/csv.js';
import { exportCsv } from '../../src/io/export-csv.js';
import type { ExportPerson } from '../../src/io/types.js';
import { exportPerson } from '../helpers/fixtures.js';

const ada: ExportPerson = {
  slug: 'ada-lovelace',
  name: 'Ada Lovelace',
  emails: ['ada@example.com', 'ada@engines.org'],
  phones: ['+44 20 7946 0000'],
  company: 'Analytical Engines, Ltd',
  role: 'Staff Engineer',
  location: 'London',
  tags: ['mentor', 'rust-community'],
  expertise: ['compilers', 'distributed systems'],
  links: { github: 'https://github.com/ada', linkedin: 'https://www.linkedin.com/in/ada' },
  notes: 'Met at RustConf 2024.\nSays "hello" often, and laughs.',
  birthday: '12-10',
  cadence: '30d',
  cadence_days: 30,
  last_contact: '2026-11-20',
  due_date: '2026-12-20',
};

const grace: ExportPerson = exportPerson({ slug: 'grace-hopper', name: 'Grace Hopper', expertise: ['cobol'], birthday: '1906-12-09', cadence: null });

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\nlast,,\r\n';
    expect(readCsv(text)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'line 1\r\nline 2'], line: 2 },
      { fields: ['last', '', ''], line: 4 },
    ]);
  });

  it('strips a BOM, accepts LF and a missing final newline, keeps blank lines as blank records', () => {
    const records = readCsv('\uFEFFname\n\nAda');
    expect(records.map((r) => r.fields)).toEqual([['name'], [''], ['Ada']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('reads a lone empty quoted field as a record (found by fuzzing)', () => {
    expect(readCsv('""')).toEqual([{ fields: [''], line: 1 }]);
    expect(readCsv('a\n""\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: [''], line: 2 },
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(readCsv('5" floppy,ok\n')[0]!.fields).toEqual(['5" floppy', 'ok']);
  });

  it('names the line of a quoted field that never closes', () => {
    expect(() => readCsv('a,b\nc,"open\nmore\n')).toThrow(/line 2: a quoted CSV field is never closed/);
  });
});

describe('toCsv', () => {
  it('quotes only the fields that need it and ends each row with CRLF', () => {
    const text = toCsv([
      ['plain', 'with, comma', 'with "quote"', 'two\nlines', ' padded', ''],
      ['x', 'y', 'z', 'w', 'v', 'u'],
    ]);
    expect(text).toBe('plain,"with, comma","with ""quote""","two\nlines"," padded",\r\nx,y,z,w,v,u\r\n');
  });

  it('reads back exactly what it wrote', () => {
    const rows = [
      ['a', 'b,c', '"q"'],
      ['line\r\nbreak', '', 'ünïcödé ✓'],
    ];
    expect(readCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});

describe('parseCsvPeople', () => {
  it('maps frontmatter-named columns, splits lists on ; or , and keeps unknown columns in extra', () => {
    const text = [
      'Name,Email,Tags,Company,Role,Expertise,Location,Phone,Cadence,Birthday,Notes,links.github,Favourite Tea',
      'Ada Lovelace,ada@example.com; ada@home.org,"mentor, rust",Analytical Engines,Staff Engineer,compilers;rust,London,+44 1,30d,12-10,"Met at RustConf, 2024",https://github.com/ada,Earl Grey',
    ].join('\n');
    const result = parseCsvPeople(text);
    expect(result.skipped).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(result.people).toEqual([
      {
        at: 'line 2',
        name: 'Ada Lovelace',
        aliases: [],
        nameParts: null,
        emails: ['ada@example.com', 'ada@home.org'],
        phones: ['+44 1'],
        company: 'Analytical Engines',
        role: 'Staff Engineer',
        location: 'London',
        tags: ['mentor', 'rust'],
        expertise: ['compilers', 'rust'],
        links: { github: 'https://github.com/ada' },
        notes: 'Met at RustConf, 2024',
        birthday: '12-10',
        met: null,
        cadence: '30d',
        extra: { favourite_tea: 'Earl Grey' },
      },
    ]);
  });

  it('builds the name from first and last name columns, and reads ;-separated files', () => {
    const result = parseCsvPeople('first name;last name;email\nGrace;Hopper;grace@navy.mil\n');
    expect(result.people.map((p) => [p.name, p.emails])).toEqual([['Grace Hopper', ['grace@navy.mil']]]);
  });

  it('skips rows without a name, with a warning naming the line, and ignores blank lines', () => {
    const result = parseCsvPeople('name,email\nAda,ada@x.org\n\n,nobody@x.org\nGrace,\n');
    expect(result.people.map((p) => p.name)).toEqual(['Ada', 'Grace']);
    expect(result.skipped).toBe(1);
    expect(result.warnings).toEqual(['line 4: no name, skipped']);
  });

  it('warns about values it cannot use instead of importing them', () => {
    const result = parseCsvPeople('name,birthday,cadence\nAda,April 12th,fortnightlyish\n');
    expect(result.people[0]!.birthday).toBeNull();
    expect(result.people[0]!.cadence).toBeNull();
    expect(result.warnings).toEqual(['line 2: birthday "April 12th" is not MM-DD or YYYY-MM-DD, ignored', 'line 2: cadence "fortnightlyish" is not a duration (try 2w, 30d, monthly), ignored']);
  });

  it('rejects a file with no name column, listing the columns it found', () => {
    expect(() => parseCsvPeople('email,company\nada@x.org,Engines\n')).toThrow(PlnError);
    expect(() => parseCsvPeople('email,company\nada@x.org,Engines\n')).toThrow('line 1: the CSV header has no "name" column (found: email, company)');
    expect(() => parseCsvPeople('\n\n')).toThrow(/empty/);
  });
});

describe('exportCsv', () => {
  it('writes a header row and one row per person, lists joined with "; "', () => {
    const lines = exportCsv([ada, grace]).split('\r\n');
    expect(lines[0]).toBe(
      'slug,name,email,phone,company,role,location,tags,expertise,links.github,links.linkedin,notes,birthday,cadence,cadence_days,last_contact,due_date,aliases,name_prefix,given_name,additional_name,family_name,name_suffix',
    );
    expect(lines[1]).toContain('ada-lovelace,Ada Lovelace,ada@example.com; ada@engines.org,');
    expect(lines[1]).toContain('"Analytical Engines, Ltd"');
    expect(lines.at(-1)).toBe('');
    expect(readCsv(exportCsv([ada, grace]))).toHaveLength(3);
  });

  it('round-trips through the generic CSV import', () => {
    const { people, warnings, skipped } = parseCsvPeople(exportCsv([ada, grace]));
    expect(warnings).toEqual([]);
    expect(skipped).toBe(0);
    const [a, g] = people;
    expect(a).toMatchObject({
      name: ada.name,
      emails: ada.emails,
      phones: ada.phones,
      company: ada.company,
      role: ada.role,
      location: ada.location,
      tags: ada.tags,
      expertise: ada.expertise,
      links: ada.links,
      notes: ada.notes,
      birthday: ada.birthday,
      cadence: '30d',
      extra: { last_contact: '2026-11-20' },
    });
    expect(g).toMatchObject({ name: 'Grace Hopper', emails: [], company: null, birthday: '1906-12-09', cadence: null, extra: {} });
  });

  it('an inherited cadence (empty cadence, cadence_days from pln.yml) stays inherited; cadence_days alone gives one', () => {
    const [g] = parseCsvPeople(exportCsv([{ ...grace, cadence: null, cadence_days: 90 }])).people;
    expect(g!.cadence).toBeNull();
    expect(parseCsvPeople('name,cadence_days\nGrace Hopper,45\n').people[0]!.cadence).toBe('45d');
  });
});
