import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { foldContentLine, unfoldContentLines } from '../../src/io/contentline.js';
import { exportVcard, vcardUid } from '../../src/io/export-vcard.js';
import type { ExportPerson } from '../../src/io/types.js';
import { parseVcard } from '../../src/io/vcard.js';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

const V3 = crlf([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Lovelace;Ada;Augusta;;',
  'FN:Ada Lovelace',
  'ORG:Analytical Engines\\, Ltd;Research',
  'TITLE:Staff Eng',
  '\tineer',
  'EMAIL;TYPE=INTERNET,WORK:ada@example.com',
  'EMAIL;TYPE=INTERNET,HOME:ada@home.org',
  'TEL;TYPE=CELL:+44 20 7946 0000',
  'CATEGORIES:mentor,rust-community,a\\,b',
  'NOTE:Met at RustConf\\, 2024.\\nWants compilers\\; soon. A back\\\\slash and',
  '  a folded line.',
  'BDAY:--04-12',
  'URL:https://github.com/ada',
  'item1.URL:https://ada.dev/blog',
  'item1.X-ABLabel:blog',
  'ADR;TYPE=WORK:;;1 Main St;London;;SW1A 1AA;UK',
  'END:VCARD',
]);

const V4 = crlf([
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Grace Hopper',
  'N:Hopper;Grace;;;',
  'EMAIL;TYPE=work:grace@navy.mil',
  'EMAIL;PREF=1:grace@example.com',
  'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-0100',
  'ORG:US Navy',
  'TITLE:Rear Admiral',
  'CATEGORIES:pioneer,cobol',
  'CATEGORIES:navy',
  'BDAY:19061209',
  'URL:https://www.linkedin.com/in/grace',
  'URL:https://grace.example',
  'NOTE:Coined "debugging"\\, allegedly.',
  'END:VCARD',
]);

describe('parseVcard', () => {
  it('reads a vCard 3.0 card: folds, escapes, two emails, categories, every field in place', () => {
    const { people, skipped, warnings } = parseVcard(V3);
    expect(skipped).toBe(0);
    expect(warnings).toEqual([]);
    expect(people).toEqual([
      {
        at: 'line 1',
        name: 'Ada Lovelace',
        aliases: [],
        nameParts: { prefix: '', given: 'Ada', additional: 'Augusta', family: 'Lovelace', suffix: '' },
        emails: ['ada@example.com', 'ada@home.org'],
        phones: ['+44 20 7946 0000'],
        company: 'Analytical Engines, Ltd',
        role: 'Staff Engineer',
        location: 'London',
        tags: ['mentor', 'rust-community', 'a,b'],
        expertise: [],
        links: { github: 'https://github.com/ada', blog: 'https://ada.dev/blog' },
        notes: 'Met at RustConf, 2024.\nWants compilers; soon. A back\\slash and a folded line.',
        birthday: '04-12',
        met: null,
        cadence: null,
        extra: {},
      },
    ]);
  });

  it('reads a vCard 4.0 card: tel: URIs, quoted parameters, repeated CATEGORIES, basic-format BDAY', () => {
    const [grace] = parseVcard(V4).people;
    expect(grace).toMatchObject({
      name: 'Grace Hopper',
      emails: ['grace@navy.mil', 'grace@example.com'],
      phones: ['+1-555-0100'],
      company: 'US Navy',
      role: 'Rear Admiral',
      tags: ['pioneer', 'cobol', 'navy'],
      links: { linkedin: 'https://www.linkedin.com/in/grace', website: 'https://grace.example' },
      notes: 'Coined "debugging", allegedly.',
      birthday: '1906-12-09',
      location: null,
    });
  });

  it('reads many cards in one file, with LF line ends too', () => {
    const both = (V3 + V4).replace(/\r\n/g, '\n');
    expect(parseVcard(both).people.map((p) => p.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('reads every birthday form, with or without a year', () => {
    const card = (bday: string) => parseVcard(crlf(['BEGIN:VCARD', 'VERSION:4.0', 'FN:X', bday, 'END:VCARD'])).people[0]!.birthday;
    expect(card('BDAY:1990-04-12')).toBe('1990-04-12');
    expect(card('BDAY:19900412')).toBe('1990-04-12');
    expect(card('BDAY:1990-04-12T00:00:00Z')).toBe('1990-04-12');
    expect(card('BDAY:--0412')).toBe('04-12');
    expect(card('BDAY:--04-12')).toBe('04-12');
    expect(card('BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12')).toBe('04-12');
  });

  it('warns about a birthday it cannot read and keeps the card', () => {
    const r = parseVcard(crlf(['BEGIN:VCARD', 'VERSION:4.0', 'FN:X', 'BDAY;VALUE=text:circa 1800', 'END:VCARD']));
    expect(r.people[0]!.birthday).toBeNull();
    expect(r.warnings).toEqual(['line 4: birthday "circa 1800" not understood, ignored']);
  });

  it('names a card from N when FN is missing, and skips a card with neither and no e-mail address', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:García;José;;Dr.;', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'TEL:+34 600', 'EMAIL:not an address', 'END:VCARD']);
    const r = parseVcard(text);
    expect(r.people.map((p) => p.name)).toEqual(['Dr. José García']);
    expect(r.skipped).toBe(1);
    expect(r.warnings).toEqual(['line 5: a card with no FN, N or e-mail address, skipped']);
  });

  it('names a card with an e-mail address but no FN or N from its ORG, else its NICKNAME, else the address', () => {
    const card = (...props: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...props, 'END:VCARD'];
    const text = crlf([
      ...card('EMAIL:sales@nimbus.example', 'ORG:Nimbus Cloud;Sales', 'NICKNAME:Nim'),
      ...card('EMAIL:ada@example.com', 'NICKNAME:Countess,Ada'),
      ...card('EMAIL;PREF:john.doe@company.com', 'CATEGORIES:My Contacts'),
      ...card('EMAIL:nobody', 'EMAIL:jane@company.com'),
    ]);
    const r = parseVcard(text);
    expect(r.skipped).toBe(0);
    expect(r.people.map(({ name, emails, company, aliases }) => ({ name, emails, company, aliases }))).toEqual([
      { name: 'Nimbus Cloud', emails: ['sales@nimbus.example'], company: 'Nimbus Cloud', aliases: ['Nim'] },
      { name: 'Countess', emails: ['ada@example.com'], company: null, aliases: ['Countess', 'Ada'] },
      { name: 'john.doe@company.com', emails: ['john.doe@company.com'], company: null, aliases: [] },
      { name: 'jane@company.com', emails: ['jane@company.com'], company: null, aliases: [] },
    ]);
  });

  it('leaves out fax and pager numbers in every version, and keeps a number that is also a voice or cell line', () => {
    const phones = (version: string, tels: string[]) => parseVcard(crlf(['BEGIN:VCARD', `VERSION:${version}`, 'FN:X', ...tels, 'END:VCARD'])).people[0]!.phones;
    expect(phones('2.1', ['TEL;FAX;HOME:1', 'TEL;WORK;FAX:2', 'TEL;PAGER:3', 'TEL;CELL:4', 'TEL;VOICE;FAX:5'])).toEqual(['4', '5']);
    expect(phones('3.0', ['TEL;TYPE=HOME,FAX:1', 'TEL;TYPE=WORK;TYPE=FAX:2', 'TEL;TYPE=PAGER:3', 'TEL;TYPE=CELL:4', 'TEL;TYPE=voice,fax:5'])).toEqual(['4', '5']);
    expect(phones('3.0', ['TEL;type=HOME;type=FAX:1', 'TEL;type=pager:2', 'TEL;type=WORK:3'])).toEqual(['3']);
    expect(phones('4.0', ['TEL;VALUE=uri;TYPE="work,fax":tel:+1-1', 'TEL;TYPE=pager:tel:+1-2', 'TEL;VALUE=uri;TYPE="voice,fax":tel:+1-3', 'TEL:tel:+1-4'])).toEqual(['+1-3', '+1-4']);
  });

  it('keeps only e-mails with an @ between two parts, and warns about the rest', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN:Bob',
      'EMAIL;PREF;WORK:bob@company.com',
      'EMAIL;PREF;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=C3=91',
      'EMAIL:@company.com',
      'EMAIL:bob@',
      'EMAIL:',
      'EMAIL:mailto:b@x',
      'END:VCARD',
    ]);
    const r = parseVcard(text);
    expect(r.people[0]!.emails).toEqual(['bob@company.com', 'b@x']);
    expect(r.warnings).toEqual([
      'line 5: e-mail "ÑÑÑ" is not an address (no @ between two parts), ignored',
      'line 6: e-mail "@company.com" is not an address (no @ between two parts), ignored',
      'line 7: e-mail "bob@" is not an address (no @ between two parts), ignored',
    ]);
  });

  it('skips an organization, a location and a card Apple shows as a company, saying what each is', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:org',
      'FN:ACME Inc.',
      'ORG:ACME Inc.;',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:Location',
      'FN:Head office',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Nimbus Cloud',
      'ORG:Nimbus Cloud',
      'X-ABShowAs:COMPANY',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:individual',
      'FN:Ada Lovelace',
      'ORG:ACME Inc.',
      'END:VCARD',
    ]);
    const r = parseVcard(text);
    expect(r.people.map((p) => p.name)).toEqual(['Ada Lovelace']);
    expect(r.skipped).toBe(3);
    expect(r.warnings).toEqual([
      'line 1: an organization card (KIND:org), not a person, skipped',
      'line 7: a location card (KIND:location), not a person, skipped',
      'line 12: a company card (X-ABShowAs:COMPANY), not a person, skipped',
    ]);
  });

  it('takes the location from the preferred address, else the first one that names a city', () => {
    const location = (version: string, adrs: string[]) => parseVcard(crlf(['BEGIN:VCARD', `VERSION:${version}`, 'FN:X', ...adrs, 'END:VCARD'])).people[0]!.location;
    expect(location('4.0', ['ADR;TYPE=work:;;1 Main St;Any Town;CA;;', 'ADR;TYPE=home;PREF=1:;;4 Oak Lane;Somewhere;NY;;'])).toBe('Somewhere');
    expect(location('4.0', ['ADR;PREF=2:;;;Second;;;', 'ADR;PREF=1:;;;First;;;', 'ADR:;;;None;;;'])).toBe('First');
    expect(location('3.0', ['ADR;TYPE=WORK:;;;Albany;;;', 'item1.ADR;type=HOME;type=pref:;;;New York;;;'])).toBe('New York');
    expect(location('3.0', ['ADR;TYPE=WORK:;;;Albany;;;', 'ADR;TYPE="home,pref":;;;Austin;;;'])).toBe('Austin');
    expect(location('2.1', ['ADR;HOME:;;;Austin;;;', 'ADR;WORK;PREF:;;;Albany;;;'])).toBe('Albany');
    // A preferred address with no city gives way to one that has a city.
    expect(location('4.0', ['ADR;PREF=1:;;1 Main St;;;;', 'ADR:;;;Any Town;;;', 'ADR:;;;Other Town;;;'])).toBe('Any Town');
  });

  it('decodes vCard 2.1 quoted-printable values, soft line breaks included', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Garc=C3=ADa', 'NOTE;QUOTED-PRINTABLE:first=0Asec=', 'ond', 'TEL;CELL:+34 600', 'END:VCARD']);
    expect(parseVcard(text).people[0]).toMatchObject({ name: 'José García', notes: 'first\nsecond', phones: ['+34 600'] });
  });

  it('rejects text that is not a vCard, and cards left open, naming the line', () => {
    expect(() => parseVcard('hello world\n')).toThrow(PlnError);
    expect(() => parseVcard('hello world\n')).toThrow('not a vCard file: no BEGIN:VCARD line');
    expect(() => parseVcard('BEGIN:VCARD\nFN:A\n')).toThrow('line 1: the card that starts here has no END:VCARD');
    expect(() => parseVcard('name,email\nBEGIN:VCARD\nFN:A\nEND:VCARD\n')).toThrow('line 1: expected BEGIN:VCARD, found "name,email"');
    expect(() => parseVcard('BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nEND:VCARD\n')).toThrow(/line 3: a new BEGIN:VCARD/);
  });
});

const ada: ExportPerson = {
  slug: 'ada-lovelace',
  name: 'Ada Lovelace',
  emails: ['ada@example.com', 'ada@engines.org'],
  phones: ['+44 20 7946 0000'],
  company: 'Analytical Engines; Ltd, London',
  role: 'Staff Engineer',
  location: 'London',
  tags: ['mentor', 'rust,community'],
  expertise: ['compilers', 'distributed systems'],
  links: { github: 'https://github.com/ada', linkedin: 'https://www.linkedin.com/in/ada' },
  notes: 'Met at RustConf 2024.\nC:\\path; commas, too. ' + 'Ünïcödé ✓ 🚀 '.repeat(12),
  birthday: '12-10',
  cadence: '30d',
  cadence_days: 30,
  last_contact: '2026-11-20',
  due_date: '2026-12-20',
};

const jose: ExportPerson = {
  ...ada,
  slug: 'jose-garcia',
  name: 'José García',
  emails: ['jose@example.es'],
  phones: [],
  company: null,
  role: null,
  location: null,
  tags: [],
  expertise: [],
  links: {},
  notes: null,
  birthday: '1980-02-29',
};

describe('parseVcard: an address folded and indented twice', () => {
  it('is read whole, without the blank the fold leaves', () => {
    const { people } = parseVcard(crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Henry Cabot', 'EMAIL;TYPE=INTERNET:hcabot@', '  example.com', 'END:VCARD']));
    expect(people[0]!.emails).toEqual(['hcabot@example.com']);
  });

  it('takes the address of a value with a display name', () => {
    const { people } = parseVcard(crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Zed', 'EMAIL:Zed <zed3@x.org>', 'END:VCARD']));
    expect(people[0]!.emails).toEqual(['zed3@x.org']);
  });
});

describe('exportVcard', () => {
  const text = exportVcard([ada, jose]);
  const physical = text.split('\r\n').slice(0, -1);

  it('writes vCard 4.0 with CRLF line ends only', () => {
    expect(text.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds at 75 octets without splitting a multi-byte character', () => {
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // A split surrogate pair would leave a lone surrogate in the line.
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('writes each field, escaped, with a stable UID', () => {
    const unfolded = unfoldContentLines(text).map((l) => l.text);
    expect(unfolded).toContain('FN:Ada Lovelace');
    expect(unfolded).toContain('N:Lovelace;Ada;;;');
    expect(unfolded).toContain('EMAIL:ada@example.com');
    expect(unfolded).toContain('EMAIL:ada@engines.org');
    expect(unfolded).toContain('TEL:+44 20 7946 0000');
    expect(unfolded).toContain('ORG:Analytical Engines\\; Ltd\\, London');
    expect(unfolded).toContain('TITLE:Staff Engineer');
    expect(unfolded).toContain('CATEGORIES:mentor,rust\\,community');
    expect(unfolded).toContain('EXPERTISE:distributed systems');
    expect(unfolded).toContain('item1.URL:https://github.com/ada');
    expect(unfolded).toContain('item1.X-ABLabel:github');
    expect(unfolded).toContain('item2.X-ABLabel:linkedin');
    expect(unfolded).toContain('BDAY:--1210');
    expect(unfolded).toContain('BDAY:19800229');
    expect(unfolded).toContain('ADR:;;;London;;;');
    expect(unfolded.find((l) => l.startsWith('NOTE:'))).toMatch(/^NOTE:Met at RustConf 2024\.\\nC:\\\\path; commas\\, too\. Ünïcödé/);
    expect(unfolded).toContain(`UID:${vcardUid('ada-lovelace')}`);
    expect(vcardUid('ada-lovelace')).toBe(vcardUid('ada-lovelace'));
    expect(vcardUid('ada-lovelace')).not.toBe(vcardUid('grace-hopper'));
    expect(vcardUid('ada-lovelace')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('round-trips through parseVcard', () => {
    const { people, warnings } = parseVcard(text);
    expect(warnings).toEqual([]);
    const [a, j] = people;
    expect(a).toEqual({
      at: 'line 1',
      name: ada.name,
      aliases: [],
      nameParts: { prefix: '', given: 'Ada', additional: '', family: 'Lovelace', suffix: '' },
      emails: ada.emails,
      phones: ada.phones,
      company: ada.company,
      role: ada.role,
      location: 'London',
      tags: ada.tags,
      expertise: ada.expertise,
      links: ada.links,
      notes: ada.notes!.trim(),
      birthday: '12-10',
      met: null,
      cadence: null,
      extra: {},
    });
    expect(j).toMatchObject({ name: 'José García', emails: ['jose@example.es'], company: null, role: null, notes: null, birthday: '1980-02-29' });
  });

  it('keeps the name of each link through export and import, whatever its host says', () => {
    const links = { profile: 'http://TheProfile.com', website2: 'http://www.example1.com', blog: 'https://github.com/ada/blog', github: 'https://github.com/ada' };
    const unfolded = unfoldContentLines(exportVcard([{ ...jose, links }])).map((l) => l.text);
    expect(unfolded.filter((l) => /^item\d+\./.test(l))).toEqual([
      'item1.URL:http://TheProfile.com',
      'item1.X-ABLabel:profile',
      'item2.URL:http://www.example1.com',
      'item2.X-ABLabel:website2',
      'item3.URL:https://github.com/ada/blog',
      'item3.X-ABLabel:blog',
      'item4.URL:https://github.com/ada',
      'item4.X-ABLabel:github',
    ]);
    expect(parseVcard(exportVcard([{ ...jose, links }])).people[0]!.links).toEqual(links);
  });

  it('is read by another vCard parser (ical.js) as the same data', () => {
    const parsed = ICAL.parse(text) as unknown[];
    expect(parsed).toHaveLength(2);
    const card = new ICAL.Component(parsed[0] as never);
    expect(card.getFirstPropertyValue('fn')).toBe('Ada Lovelace');
    expect(card.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(ada.emails);
    expect(card.getFirstPropertyValue('note')).toBe(ada.notes);
    expect(card.getFirstPropertyValue('org')).toBe(ada.company);
  });
});

describe('content line folding', () => {
  it('keeps short lines whole and puts a space at the start of each continuation', () => {
    expect(foldContentLine('SUMMARY:short')).toBe('SUMMARY:short');
    const folded = foldContentLine('X:' + 'a'.repeat(200));
    const parts = folded.split('\r\n');
    expect(parts.map((p) => p.length)).toEqual([75, 75, 54]);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(unfoldContentLines(folded)[0]!.text).toBe('X:' + 'a'.repeat(200));
  });

  it('moves a multi-byte character that would cross 75 octets to the next line', () => {
    const line = 'X:' + 'a'.repeat(72) + 'é' + 'b';
    const [first, second] = foldContentLine(line).split('\r\n');
    expect(Buffer.byteLength(first!, 'utf8')).toBe(74);
    expect(second).toBe(' éb');
  });
});
