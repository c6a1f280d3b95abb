import { describe, expect, it } from 'vitest';
import { insertNote, snoozeUntil, splitLogKind, strayLines as allStrayLines } from '../../src/file/edit.js';
import { parseContact } from '../../src/file/parse.js';

/** The stray lines of one section, as line and text. */
const strayLines = (text: string, section: 'log' | 'followups') => allStrayLines(text).flatMap((s) => (s.section === section ? [{ line: s.line, text: s.text }] : []));
const notesOf = (text: string) => parseContact(text, { file: 'x.md', slug: 'x' }).contact!.notes;

describe('insertNote', () => {
  it('goes at the end of ## Notes, a blank line apart', () => {
    const t = '---\nname: X\n---\n\n## Notes\n\n## Log\n\n## Follow-ups\n';
    const once = insertNote(t, 'First.');
    expect(once).toBe('---\nname: X\n---\n\n## Notes\n\nFirst.\n\n## Log\n\n## Follow-ups\n');
    expect(insertNote(once, 'Second.')).toBe('---\nname: X\n---\n\n## Notes\n\nFirst.\n\nSecond.\n\n## Log\n\n## Follow-ups\n');
    expect(notesOf(insertNote(once, 'Second.'))).toBe('First.\n\nSecond.');
  });

  it('without ## Notes: after the notes above the first section', () => {
    expect(insertNote('---\nname: X\n---\nMet at RustConf.\n\n## Log\n- 2026-01-01 x\n', 'Likes tea.')).toBe('---\nname: X\n---\nMet at RustConf.\n\nLikes tea.\n\n## Log\n- 2026-01-01 x\n');
    expect(insertNote('---\nname: X\n---\n## Follow-ups\n- [ ] a\n', 'Likes tea.')).toBe('---\nname: X\n---\nLikes tea.\n\n## Follow-ups\n- [ ] a\n');
    expect(insertNote('---\nname: X\n---\n', 'Likes tea.')).toBe('---\nname: X\n---\nLikes tea.\n');
    expect(insertNote('---\nname: X\n---\nold', 'new')).toBe('---\nname: X\n---\nold\n\nnew');
  });

  it('keeps CRLF and ignores headings inside code fences', () => {
    expect(insertNote('---\r\nname: X\r\n---\r\nA.\r\n\r\n## Log\r\n', 'B.')).toBe('---\r\nname: X\r\n---\r\nA.\r\n\r\nB.\r\n\r\n## Log\r\n');
    const fenced = '---\nname: X\n---\n```\n## Log\n```\n\n## Log\n';
    expect(insertNote(fenced, 'B.')).toBe('---\nname: X\n---\n```\n## Log\n```\n\nB.\n\n## Log\n');
  });

  it("keeps a block of several lines together, in the file's line endings", () => {
    expect(insertNote('---\r\nname: X\r\n---\r\n## Log\r\n', 'a\nb')).toBe('---\r\nname: X\r\n---\r\na\r\nb\r\n\r\n## Log\r\n');
    expect(() => insertNote('---\nname: X\n---\n', '  \n ')).toThrow(/empty/);
  });
});

describe('splitLogKind', () => {
  it('reads a leading WORD: as the kind', () => {
    expect(splitLogKind('coffee: talked about internships')).toEqual({ kind: 'coffee', text: 'talked about internships' });
    expect(splitLogKind('Call:  RFC')).toEqual({ kind: 'call', text: 'RFC' });
    expect(splitLogKind('see https://x.org')).toEqual({ kind: null, text: 'see https://x.org' });
    expect(splitLogKind('https://x.org: a link')).toEqual({ kind: null, text: 'https://x.org: a link' });
    expect(splitLogKind('two words: no kind')).toEqual({ kind: null, text: 'two words: no kind' });
    expect(splitLogKind('coffee:')).toEqual({ kind: null, text: 'coffee:' });
  });
});

describe('snoozeUntil and stray follow-up lines', () => {
  it('sets snooze_until, and only it', () => {
    expect(snoozeUntil('---\nname: X\n---\nbody\n', '2026-12-13')).toBe('---\nname: X\nsnooze_until: 2026-12-13\n---\nbody\n');
    expect(() => snoozeUntil('---\nname: X\n---\n', 'soon')).toThrow();
  });

  it('finds text that is not a task in Follow-ups', () => {
    const t = '---\nname: X\n---\n## Follow-ups\n- [ ] a\n  more about a\n\nappended by an editor\n```\nnot this\n```\n';
    expect(strayLines(t, 'followups')).toEqual([{ line: 8, text: 'appended by an editor' }]);
    expect(strayLines('---\nname: X\n---\nnotes\n## Log\n- 2026-01-01 x\n', 'followups')).toEqual([]);
    // List items that are not tasks pln reads: a numbered one, a plain bullet, an unknown status.
    const items = '---\nname: X\n---\n## Follow-ups\n1. [ ] send the deck\n- email Bob\n- [?] odd\n- [x] done ✅ 2026-01-02\n* [ ] star\n';
    expect(strayLines(items, 'followups').map((s) => s.line)).toEqual([5, 6, 7]);
  });

  it('finds lines that are not entries in Log, leaving those the parser reports', () => {
    const t =
      '---\nname: X\n---\n## Log\n- 2026-11-20 call: fine\n- 2026-1-05 call: short month\n- 11/20/2026 call: us date\n- call with bob\n2026-11-01 call: no bullet\n  indented detail\n- 2026-02-30 call: parser says it\n- 2026-11-20x\n\n## Follow-ups\n';
    expect(strayLines(t, 'log')).toEqual([
      { line: 6, text: '- 2026-1-05 call: short month' },
      { line: 7, text: '- 11/20/2026 call: us date' },
      { line: 8, text: '- call with bob' },
      { line: 9, text: '2026-11-01 call: no bullet' },
    ]);
  });
});
