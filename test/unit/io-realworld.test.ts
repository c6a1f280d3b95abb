/**
 * What real address books write: the spreadsheets of Google, Outlook and
 * Thunderbird, vCards from phones and mail programs, LinkedIn's older exports.
 */
import { describe, expect, it } from 'vitest';
import { decodeCharset, decodeImportBytes, decodeWindows1252, withoutControls } from '../../src/io/charset.js';
import { classifyColumns } from '../../src/io/csv-columns.js';
import { joinListCell, parseCsvPeople, splitEscapedList } from '../../src/io/csv.js';
import { detectFormat } from '../../src/io/detect.js';
import { parsers } from '../../src/io/index.js';
import { parseLinkedin } from '../../src/io/linkedin.js';
import { guessNameParts, namePartsOf, namePartsToKeep } from '../../src/io/names.js';
import { parseVcard } from '../../src/io/vcard.js';
import { slugify } from '../../src/domain/text.js';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('CSV column maps', () => {
  const fields = (header: string) => classifyColumns(header.split(',')).map((c) => (c.kind === 'field' ? c.field : c.kind === 'link' ? `link:${c.key}` : `extra:${c.key}`));

  it('reads Outlook headers, numbered copies included, and Title as the Mr./Ms. next to Job Title', () => {
    expect(fields('Title,First Name,E-mail Address,E-mail 2 Address,Mobile Phone,Business Phone 2,Job Title,Pager,Home Fax')).toEqual([
      'prefix',
      'first',
      'email',
      'email',
      'phone',
      'phone',
      'role',
      'extra:pager',
      'extra:home_fax',
    ]);
    expect(fields('name,title')).toEqual(['name', 'role']);
  });

  it('reads both Google layouts and Thunderbird', () => {
    expect(fields('E-mail 1 - Value,E-mail 1 - Label,Phone 2 - Value,Organization Name,Organization Title,Labels,Website 1 - Value')).toEqual([
      'email',
      'meta',
      'phone',
      'company',
      'role',
      'labels',
      'website',
    ]);
    expect(fields('Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,Group Membership,E-mail 1 - Type')).toEqual(['first', 'last', 'company', 'role', 'labels', 'meta']);
    expect(fields('Primary Email,Secondary Email,Work Phone,Mobile Number,Web Page 1,Birth Year,Custom 1')).toEqual(['email', 'email', 'phone', 'phone', 'website', 'birth_year', 'extra:custom_1']);
  });

  it('splits Google ::: values, drops system labels, and names each ignored column once', () => {
    const text = ['First Name,Last Name,E-mail 1 - Value,Labels,Pager,Home Fax', 'Ada,Lovelace,a@x.org ::: b@x.org,* myContacts ::: Mentors,123,', 'Grace,Hopper,g@x.org,* starred,456,789'].join('\n');
    const r = parseCsvPeople(text);
    expect(r.people[0]).toMatchObject({ name: 'Ada Lovelace', emails: ['a@x.org', 'b@x.org'], tags: ['Mentors'] });
    expect(r.people[1]!.tags).toEqual([]);
    expect(r.ignoredColumns).toEqual(['Pager', 'Home Fax']);
  });

  it('reads Outlook and Thunderbird birthdays', () => {
    const r = parseCsvPeople('Name,Birthday\nAda,12/10/1815\nBob,0/0/00\n');
    expect(r.people.map((p) => p.birthday)).toEqual(['1815-12-10', null]);
    expect(r.warnings).toEqual([]);
    const t = parseCsvPeople('Display Name,Birth Year,Birth Month,Birth Day\nAda,1815,12,10\nBob,,4,1\n');
    expect(t.people.map((p) => p.birthday)).toEqual(['1815-12-10', '04-01']);
  });

  it('keeps first, middle and last names as parts, and nicknames as aliases', () => {
    const [p] = parseCsvPeople('First Name,Middle Name,Last Name,Suffix,Nickname\nJohn,Richter,Doe,Sr.,Johny\n').people;
    expect(p).toMatchObject({ name: 'John Richter Doe', aliases: ['Johny'], nameParts: { given: 'John', additional: 'Richter', family: 'Doe', suffix: 'Sr.' } });
  });

  it('reports rows shorter than the header with their lines, and reads a row quoted whole', () => {
    const r = parseCsvPeople('name,email,company\nAda,a@x.org\n"Bob,b@x.org,Acme"\nCleo,c@x.org,Nimbus,\n');
    expect(r.people.map((p) => [p.name, p.company])).toEqual([
      ['Ada', null],
      ['Bob', 'Acme'],
      ['Cleo', 'Nimbus'],
    ]);
    expect(r.warnings).toEqual([
      "line 2: fewer fields than the header's 3; the missing ones are read as empty (is the row cut short?)",
      'line 3: the whole row is one quoted field; read as the fields inside it',
    ]);
  });

  it('joins lists with escapes that its split undoes', () => {
    const values = ['+1-418-656-9254;ext=102', 'a,b', 'back\\slash', 'plain'];
    expect(joinListCell(values)).toBe('+1-418-656-9254\\;ext=102; a\\,b; back\\\\slash; plain');
    expect(splitEscapedList(joinListCell(values))).toEqual(values);
    expect(splitEscapedList('mentor, rust')).toEqual(['mentor', 'rust']);
  });
});

describe('detectFormat with a broken quote', () => {
  it('still sees the header above it, and names the quote when nothing else is readable', () => {
    expect(detectFormat('First Name,Last Name,Connected On\nAda,"Lovelace,05 Jan 2024\n')).toBe('linkedin');
    expect(() => detectFormat('"a,b\nc,d\n')).toThrow('line 1: a quoted CSV field is never closed');
  });
});

describe('vCard reader on real writers', () => {
  it('ends a card at END:VCARD even when BEGIN:VCARD follows on the same line', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEMAIL:a@x.org\r\nEND:VCARDBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEMAIL:b@x.org\r\nEND:VCARD\r\n';
    expect(parseVcard(text).people.map((p) => [p.name, p.emails])).toEqual([
      ['A', ['a@x.org']],
      ['B', ['b@x.org']],
    ]);
  });

  it('reads CR CR LF line ends, folded lines included, without warnings', () => {
    const text = 'BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:Ada\r\r\nNOTE:one long\r\r\n  note\r\r\nEND:VCARD\r\r\n';
    const r = parseVcard(text);
    expect(r.warnings).toEqual([]);
    expect(r.people[0]!.notes).toBe('one long note');
  });

  it('unescapes \\" as vobject does, and decodes ISO-8859-1 as windows-1252 with no control character', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:Ada', 'NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:=80 5 =93ok=94 caf=E9=81', 'TITLE:\\"AS IS\\"', 'END:VCARD']);
    const [p] = parsers.vcard(text).people;
    expect(p!.notes).toBe('€ 5 “ok” café\ufffd');
    expect(p!.role).toBe('"AS IS"');
  });

  it('keeps NICKNAME and names in other languages as aliases, N as parts, and skips group cards', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN;ALTID=1;LANGUAGE=en:Yamada Taro',
      'FN;ALTID=1;LANGUAGE=ja:山田太郎',
      'N;ALTID=1;LANGUAGE=ja:山田;太郎;;;',
      'N;ALTID=1;LANGUAGE=en:Yamada;Taro;;;',
      'NICKNAME:Taro-san,TY',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:group',
      'FN:The Band',
      'MEMBER:urn:uuid:1',
      'END:VCARD',
    ]);
    const r = parseVcard(text);
    expect(r.people).toHaveLength(1);
    expect(r.people[0]).toMatchObject({ name: 'Yamada Taro', aliases: ['山田太郎', 'Taro-san', 'TY'], nameParts: { family: 'Yamada', given: 'Taro' } });
    expect(r.skipped).toBe(1);
    expect(r.warnings).toEqual(['line 9: a group card (KIND:group), not a person, skipped']);
  });
});

describe('LinkedIn 2018', () => {
  it('reads month-first dates with a time, drops urn:li ids from the e-mail, keeps the name parts', () => {
    const r = parseLinkedin('First Name,Last Name,Email Address,Company,Position,Connected On\nLudwig,van Beethoven,urn:li:member:664293716,Hof,Composer,"1/8/18, 6:14 PM"\n');
    expect(r.warnings).toEqual([]);
    expect(r.people[0]).toMatchObject({ name: 'Ludwig van Beethoven', emails: [], met: '2018-01-08', nameParts: { given: 'Ludwig', family: 'van Beethoven' } });
    const withExtra = parseLinkedin('First Name,Last Name,Connected On,Phone,Notes\nAda,Lovelace,05 Jan 2024,+44 1,\n');
    expect(withExtra.ignoredColumns).toEqual(['Phone']);
  });
});

describe('structured names', () => {
  it('are kept only when the name alone would not give them', () => {
    expect(guessNameParts('Ada King Lovelace')).toMatchObject({ given: 'Ada King', family: 'Lovelace' });
    expect(namePartsToKeep('Ada Lovelace', { prefix: '', given: 'Ada', additional: '', family: 'Lovelace', suffix: '' })).toBeNull();
    expect(namePartsToKeep('Ludwig van Beethoven', { prefix: '', given: 'Ludwig', additional: '', family: 'van Beethoven', suffix: '' })).not.toBeNull();
    expect(namePartsOf({ name_parts: { family: 'Doe', given: 'John', junk: ['x'] } })).toEqual({ prefix: '', given: 'John', additional: '', family: 'Doe', suffix: '' });
    expect(namePartsOf({ name_parts: 'Doe' })).toBeNull();
  });
});

describe('charsets and control characters', () => {
  it('decodes windows-1252 by hand (Node 20 maps 0x80-0x9F to controls) and other charsets through TextDecoder', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x9f, 0xe9]))).toBe('€Ÿé');
    expect(decodeCharset(Uint8Array.from([0xb1]), 'iso-8859-2')).toBe('ą');
    expect(decodeCharset(Uint8Array.from([0xc3, 0xa9]), 'no-such-charset')).toBe('é');
  });

  it('reads an import file as UTF-8, UTF-16 with a BOM, else windows-1252 with a note', () => {
    expect(decodeImportBytes(Buffer.from('name\nJosé\n'))).toEqual({ text: 'name\nJosé\n', note: null });
    expect(decodeImportBytes(Buffer.from('\ufeffname\n', 'utf16le')).text).toBe('name\n');
    const latin = decodeImportBytes(Uint8Array.from([0x4a, 0x6f, 0x73, 0xe9, 0x80]));
    expect(latin.text).toBe('José€');
    expect(latin.note).toMatch(/windows-1252/);
  });

  it('takes control characters out of every imported value', () => {
    expect(withoutControls('a\u0000b\u0085c\td', false)).toBe('abc d');
    expect(withoutControls('one\r\ntwo\u001b[31m', true)).toBe('one\ntwo[31m');
    const [p] = parsers.csv('name,company,notes\n"Ada\u0007",Eng\u0080ines,"x\u0001\ny"\n').people;
    expect(p).toMatchObject({ name: 'Ada', company: 'Engines', notes: 'x\ny' });
  });
});

describe('file names for names in other scripts', () => {
  it('keep the name itself, within 100 bytes', () => {
    expect(slugify('최유림')).toBe('최유림');
    expect(slugify('山田 太郎')).toBe('山田-太郎');
    expect(new TextEncoder().encode(slugify('山'.repeat(80))).length).toBeLessThanOrEqual(100);
    expect(slugify('José García')).toBe('jose-garcia');
  });
});
