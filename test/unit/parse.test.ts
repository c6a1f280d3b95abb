import { describe, expect, it } from 'vitest';
import { parseContact } from '../../src/file/parse.js';

const opts = { file: 'contacts/ada.md', slug: 'ada' };
const parse = (text: string) => parseContact(text, opts);

const ADA = `---
name: Ada Lovelace
aliases: [Ada]
tags: [mentor, rust-community]
expertise: [compilers, rust, distributed systems]
email: ada@example.com
phone: 0123456
zip: 01234
links:
  github: https://github.com/ada
cadence: 30d
introduced_by: "[[grace-hopper]]"
knows: [charles-babbage, "[[alan-turing|Alan]]"]
birthday: 12-10
added: 2025-02-11
---
Met at RustConf 2024.

## Log
- 2026-11-20 coffee: talked about compiler internships #career
- 2026-10-03 call: reviewed her RFC draft
- 2026-09-01 reviewed the RFC: it was good
- 2026-08-01: no kind

## Follow-ups
- [ ] send the benchmark paper 📅 2026-12-05
- [x] intro to Bob at Acme 📅 2026-11-01 ✅ 2026-10-30
- [ ] 2026-12-03 leading date form
- [ ] undated
`;

describe('parseContact', () => {
  it('reads every known key, keeping scalars as written strings', () => {
    const { contact, problems } = parse(ADA);
    expect(problems).toEqual([]);
    expect(contact).toMatchObject({
      name: 'Ada Lovelace',
      aliases: ['Ada'],
      tags: ['mentor', 'rust-community'],
      emails: ['ada@example.com'],
      phones: ['0123456'],
      links: { github: 'https://github.com/ada' },
      introducedBy: 'grace-hopper',
      knows: ['charles-babbage', 'alan-turing'],
      birthday: '12-10',
      added: '2025-02-11',
    });
    expect(contact!.frontmatter.zip).toBe('01234');
    expect(contact!.frontmatter.added).toBe('2025-02-11');
    expect(contact!.notes).toBe('Met at RustConf 2024.');
  });

  it('reads log entries with and without kinds, and hashtags', () => {
    const { contact } = parse(ADA);
    expect(contact!.log).toEqual([
      { date: '2026-11-20', kind: 'coffee', text: 'talked about compiler internships #career', hashtags: ['career'], line: 20 },
      { date: '2026-10-03', kind: 'call', text: 'reviewed her RFC draft', hashtags: [], line: 21 },
      { date: '2026-09-01', kind: null, text: 'reviewed the RFC: it was good', hashtags: [], line: 22 },
      { date: '2026-08-01', kind: null, text: 'no kind', hashtags: [], line: 23 },
    ]);
  });

  it('reads follow-ups in the Obsidian Tasks form and the leading-date form', () => {
    const { contact } = parse(ADA);
    expect(contact!.followups).toEqual([
      { text: 'send the benchmark paper', due: '2026-12-05', done: false, doneDate: null, line: 26 },
      { text: 'intro to Bob at Acme', due: '2026-11-01', done: true, doneDate: '2026-10-30', line: 27 },
      { text: 'leading date form', due: '2026-12-03', done: false, doneDate: null, line: 28 },
      { text: 'undated', due: null, done: false, doneDate: null, line: 29 },
    ]);
  });

  it('matches section headings case-insensitively, ignores them inside code fences, and reads CRLF', () => {
    const text = '---\r\nname: A\r\n---\r\n```\r\n## Log\r\n- 2020-01-01 call: not a log\r\n```\r\n## LOG\r\n- 2026-01-02 call: real\r\n## follow ups\r\n- [ ] x\r\n';
    const { contact } = parse(text);
    expect(contact!.log.map((e) => [e.text, e.line])).toEqual([['real', 9]]);
    expect(contact!.followups.map((f) => f.text)).toEqual(['x']);
    expect(contact!.notes).toContain('not a log');
  });

  it('never evaluates other front matter languages', () => {
    for (const lang of ['js', 'javascript', 'coffee']) {
      const r = parse(`---${lang}\n{ name: "x" }\n---\n`);
      expect(r.contact).toBeNull();
      expect(r.problems[0]!.message).toContain(`"${lang}" is not read`);
    }
  });

  it('does not let an unclosed frontmatter swallow the body', () => {
    const r = parse('---\nname: A\n\n## Log\n- 2026-01-01 call: x\n');
    expect(r.contact).toBeNull();
    expect(r.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('never closed') })]);
  });

  it('reports a frontmatter that is a string or a list, with its line', () => {
    expect(parse('---\njust text\n---\n').problems[0]!.message).toMatch(/plain string/);
    expect(parse('---\n- a\n- b\n---\n').problems[0]!.message).toMatch(/list/);
    expect(parse('---\n---\n').problems[0]!.message).toMatch(/empty/);
    expect(parse('---\nrole: x\n---\n').problems[0]!.message).toMatch(/missing "name:"/);
  });

  it('says what is wrong with a name that is a list or a map, and with an empty file', () => {
    expect(parse('---\nrole: x\nname: [Ada, Lovelace]\n---\n').problems).toEqual([expect.objectContaining({ line: 3, message: 'name: must be a single line of text, not a list', severity: 'error' })]);
    expect(parse('---\nname:\n  first: Ada\n---\n').problems[0]!.message).toBe('name: must be a single line of text, not a map');
    expect(parse('\n  \n').problems).toEqual([expect.objectContaining({ line: 1, message: 'file is empty (a contact needs at least a "name:" line between two "---" lines)' })]);
  });

  it('reports bad values as warnings with lines, and still reads the contact', () => {
    const r = parse('---\nname: A\ncadence: fortnightlyx\nadded: 2026-02-30\n---\n## Log\n- 2026-13-01 call: x\n');
    expect(r.contact).not.toBeNull();
    expect(r.problems.map((p) => [p.line, p.severity])).toEqual([
      [3, 'warning'],
      [4, 'warning'],
      [7, 'warning'],
    ]);
    expect(r.problems[0]!.message).toContain('cadence: "fortnightlyx" is not a duration (try 2w, 30d');
  });

  it('keeps dangerous keys as plain data, never on a prototype', () => {
    const r = parse('---\nname: A\n__proto__: {polluted: yes}\nconstructor: {prototype: {x: 1}}\n---\n');
    expect(r.contact!.frontmatter.__proto__).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.contact!.frontmatter)).toBeNull();
  });

  it('keeps !!js tags as plain strings', () => {
    const r = parse('---\nname: A\nf: !!js/function "function () { return 1 }"\nre: !!js/regexp /x/\n---\n');
    expect(r.contact!.frontmatter.f).toBe('function () { return 1 }');
    expect(r.contact!.frontmatter.re).toBe('/x/');
  });

  it('bounds aliases and nesting', () => {
    const bomb = ['---', 'name: A', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      );
    bomb.push('---', '');
    const r = parse(bomb.join('\n'));
    expect(r.contact).toBeNull();
    expect(r.problems[0]!.message).toMatch(/aliases/);
    const deep = parse(`---\nname: A\nx: ${'['.repeat(20000)}\n---\n`);
    expect(deep.contact).toBeNull();
    expect(deep.problems[0]!.message).toBe('frontmatter nests over 1000 levels deep (the limit is 32)');
    expect(deep.problems[0]!.line).toBe(3);
    const deeper = parse(`---\nname: A\nx: [1]\ny:\n  - ${'['.repeat(40)}${']'.repeat(40)}\n---\n`);
    expect(deeper.problems[0]).toMatchObject({ line: 5, message: 'frontmatter nests 40 levels deep (the limit is 32)' });
  });

  it('reports conflict markers and NUL bytes with their lines', () => {
    expect(parse('---\nname: A\n<<<<<<< HEAD\nrole: x\n=======\nrole: y\n>>>>>>> other\n---\n').problems[0]).toMatchObject({ line: 3 });
    expect(parse('---\nname: A\n---\nx\0y\n').problems[0]).toMatchObject({ line: 4, message: expect.stringMatching(/NUL/) });
  });
});

describe('a lean parse', () => {
  it('gives the same problems and core fields, without the hashtags of log entries', () => {
    const text =
      '---\nname: A\ntags: [x]\ncadence: 2w\nadded: 2026-02-30\n---\nNotes #not-a-log-tag\n\n## Log\n- 2026-01-02 coffee: about #rust and #ml\n- 2026-13-01 call: bad\n- 2026-01-05: later\n\n## Follow-ups\n- [ ] x 📅 2026-02-31\n';
    const full = parseContact(text, { file: 'contacts/a.md', slug: 'a' });
    const lean = parseContact(text, { file: 'contacts/a.md', slug: 'a', lean: true });
    expect(lean.problems).toEqual(full.problems);
    expect(full.contact!.log[0]!.hashtags).toEqual(['rust', 'ml']);
    expect(lean.contact!.log.map((e) => e.hashtags)).toEqual([[], []]);
    const { log: a, ...restLean } = lean.contact!;
    const { log: b, ...restFull } = full.contact!;
    expect(restLean).toEqual(restFull);
    expect(a.map(({ hashtags: _a, ...e }) => e)).toEqual(b.map(({ hashtags: _b, ...e }) => e));
  });
});
