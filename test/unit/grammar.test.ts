/**
 * The one body grammar (src/file/grammar.ts) and its users: the conflict
 * rule, the section scanner and the log-line reader, and that parse, edit
 * and merge agree on a body with a setext heading (`Projects` / `=======`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertFollowUp, insertLogEntry } from '../../src/file/edit.js';
import { findConflict, formatLogLine, LOG_RE, logLineDate, MALFORMED_LOG, NOT_LOG, readLogLine, scanSections, type LineRole, type SectionKind } from '../../src/file/grammar.js';
import { parseContact } from '../../src/file/parse.js';
import { mergeContactFiles } from '../../src/sync/merge.js';
import { fuzzRuns } from '../helpers/fuzz.js';

const SETEXT = `---
name: Ada Lovelace
---
Met at RustConf 2024.

Projects
=======

The analytical engine.

## Log
- 2026-11-20 coffee: talked about compilers
`;

describe('findConflict', () => {
  it('finds <<<<<<< … ======= … >>>>>>> and gives the offset of its first line', () => {
    const text = 'a\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other\n';
    expect(findConflict(text)).toBe(2);
    expect(findConflict(text.replace(/\n/g, '\r\n'))).toBe(3);
    expect(findConflict('<<<<<<<\n=======\n>>>>>>>')).toBe(0);
    // diff3 style, with the common version between ||||||| and =======.
    expect(findConflict('<<<<<<< ours\nx\n||||||| base\ny\n=======\nz\n>>>>>>> theirs\n')).toBe(0);
  });

  it('is not fooled by a setext heading, a lone marker or markers out of order', () => {
    expect(findConflict(SETEXT)).toBe(-1);
    expect(findConflict('Projects\n=======\n')).toBe(-1);
    expect(findConflict('<<<<<<< HEAD\nonly an opening line\n')).toBe(-1);
    expect(findConflict('>>>>>>> other\n=======\n<<<<<<< HEAD\n')).toBe(-1);
    expect(findConflict('<<<<<<< HEAD\n>>>>>>> other\n=======\n')).toBe(-1);
    // Eight characters, or text glued to the marker, is no marker.
    expect(findConflict('<<<<<<<< x\n========\n>>>>>>>>\n')).toBe(-1);
    expect(findConflict('<<<<<<<x\n=======\n>>>>>>>\n')).toBe(-1);
    expect(findConflict(' <<<<<<< indented\n=======\n>>>>>>>\n')).toBe(-1);
  });

  it('keeps to the rule on generated texts', () => {
    const line = fc.constantFrom('<<<<<<< HEAD', '<<<<<<<', '=======', '======= x', '>>>>>>> b', '>>>>>>>', 'text', '', '<<<<<<<<', '=======x');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        // The plain reading: a `<` line, later a `=` line, later a `>` line.
        const kind = (l: string) => (/^<{7}( |$)/.test(l) ? '<' : /^={7}( |$)/.test(l) ? '=' : /^>{7}( |$)/.test(l) ? '>' : '');
        const open = lines.findIndex((l) => kind(l) === '<');
        const sep = open < 0 ? -1 : lines.findIndex((l, i) => i > open && kind(l) === '=');
        const close = sep < 0 ? -1 : lines.findIndex((l, i) => i > sep && kind(l) === '>');
        const text = lines.join(eol);
        const expected = close < 0 ? -1 : lines.slice(0, open).reduce((n, l) => n + l.length + eol.length, 0);
        expect(findConflict(text)).toBe(expected);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });
});

describe('scanSections', () => {
  const scan = (text: string) => {
    const out: [string, SectionKind | null, LineRole][] = [];
    scanSections(text, 0, (start, end, section, role) => out.push([text.slice(start, end), section, role]));
    return out;
  };

  it('opens Log and Follow-ups at level-2 headings, closes them at any level 1 or 2 heading, and sees no heading in a fence', () => {
    expect(scan('notes\n## Log\n- 2026-01-02 x\n```\n## Follow-ups\n```\n# Other\n## follow ups\n- [ ] t\n### Log\r\nend')).toEqual([
      ['notes', null, 0],
      ['## Log', 'log', 3],
      ['- 2026-01-02 x', 'log', 0],
      ['```', 'log', 1],
      ['## Follow-ups', 'log', 1],
      ['```', 'log', 1],
      ['# Other', null, 2],
      ['## follow ups', 'followups', 3],
      ['- [ ] t', 'followups', 0],
      ['### Log', 'followups', 0],
      ['end', 'followups', 0],
    ]);
  });

  it('takes a setext underline for text', () => {
    expect(scan('Projects\n=======\n').map(([l, s, r]) => [l, s, r])).toEqual([
      ['Projects', null, 0],
      ['=======', null, 0],
      ['', null, 0],
    ]);
  });
});

describe('the log line', () => {
  it('reads the forms of the contract', () => {
    expect(readLogLine('- 2026-11-20 coffee: talked #career')).toEqual(['2026-11-20', 'coffee', 'talked #career']);
    expect(readLogLine('- 2026-11-20: plain')).toEqual(['2026-11-20', null, 'plain']);
    expect(readLogLine('* 2026-11-20 no kind here')).toEqual(['2026-11-20', null, 'no kind here']);
    expect(readLogLine('- 2026-11-20 Ünï: x')).toEqual(['2026-11-20', 'Ünï', 'x']);
    expect(readLogLine('- 2026-11-20x')).toBe(MALFORMED_LOG);
    expect(readLogLine('- not a date')).toBe(NOT_LOG);
    expect(readLogLine('plain text')).toBe(NOT_LOG);
    expect(logLineDate('  + 2026-01-02 x')).toBe('2026-01-02');
    expect(logLineDate('- [ ] 2026-01-02 x')).toBeNull();
  });

  it('gives what LOG_RE gives, on generated lines', () => {
    const piece = fc.constantFrom('', ' ', '\t', '-', '*', '+', '2026-11-20', '2026-1-2', ':', ' coffee', 'Ünï', 'k-_9', ': ', 'text', '\r', '\u2028', '#tag', 'x');
    // Most lines start as an entry does (blanks, a marker, blanks, a date),
    // so what follows the date, where the hand-written reader decides, is
    // what the pieces vary.
    const start = fc.oneof(
      fc.constant(''),
      fc.tuple(fc.constantFrom('', ' ', '\t '), fc.constantFrom('-', '*', '+'), fc.constantFrom(' ', '\t', '  '), fc.constantFrom('2026-11-20', '1999-02-31')).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(start, fc.array(piece, { maxLength: 8 }), (head, ps) => {
        const line = head + ps.join('');
        const m = LOG_RE.exec(line);
        const got = readLogLine(line);
        if (m) expect(got).toEqual([m[1], m[3] ?? null, m[2] ?? m[4] ?? m[5] ?? '']);
        else expect(got).toBe(logLineDate(line) === null ? NOT_LOG : MALFORMED_LOG);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('reads back what it writes', () => {
    expect(formatLogLine('2026-11-20', 'call', 'hi')).toBe('- 2026-11-20 call: hi');
    expect(formatLogLine('2026-11-20', null, '')).toBe('- 2026-11-20:');
    expect(readLogLine(formatLogLine('2026-11-20', 'call', 'hi'))).toEqual(['2026-11-20', 'call', 'hi']);
    expect(readLogLine(formatLogLine('2026-11-20', null, 'x: y'))).toEqual(['2026-11-20', null, 'x: y']);
  });
});

describe('a setext heading in the notes', () => {
  it('is read as notes, not as a conflict', () => {
    const r = parseContact(SETEXT, { file: 'contacts/ada-lovelace.md', slug: 'ada-lovelace' });
    expect(r.problems).toEqual([]);
    expect(r.contact!.notes).toBe('Met at RustConf 2024.\n\nProjects\n=======\n\nThe analytical engine.');
    expect(r.contact!.log.map((e) => e.text)).toEqual(['talked about compilers']);
  });

  it('is edited like any other file', () => {
    expect(insertLogEntry(SETEXT, { date: '2026-11-29', kind: 'call', text: 'hi' })).toBe(SETEXT.replace('## Log\n', '## Log\n- 2026-11-29 call: hi\n'));
    expect(insertFollowUp(SETEXT, { text: 'send it', due: null })).toBe(`${SETEXT}\n## Follow-ups\n- [ ] send it\n`);
  });

  it('is merged like any other file', () => {
    const ours = insertLogEntry(SETEXT, { date: '2026-11-28', kind: 'call', text: 'mine' });
    const theirs = insertLogEntry(SETEXT, { date: '2026-11-27', kind: 'email', text: 'theirs' });
    const r = mergeContactFiles(SETEXT, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe(SETEXT.replace('## Log\n', '## Log\n- 2026-11-28 call: mine\n- 2026-11-27 email: theirs\n'));
  });

  it('still leaves a real conflict block refused by parse, edit and merge', () => {
    const conflicted = SETEXT.replace('The analytical engine.\n', '<<<<<<< HEAD\nThe analytical engine.\n=======\nThe difference engine.\n>>>>>>> other\n');
    expect(parseContact(conflicted, { file: 'a.md', slug: 'a' }).problems[0]).toMatchObject({ line: 9, message: expect.stringMatching(/conflict marker/) });
    expect(() => insertLogEntry(conflicted, { date: '2026-11-29', kind: null, text: 'x' })).toThrow(/conflict markers/);
    const r = mergeContactFiles(SETEXT, conflicted, insertLogEntry(SETEXT, { date: '2026-11-29', kind: null, text: 'x' }));
    expect(r.conflicts).toEqual([{ section: 'file', message: 'your version cannot be merged: it has git conflict markers (line 9)' }]);
  });
});
