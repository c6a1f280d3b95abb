/**
 * Minimal edits of a hand-written contact file: each operation changes its own
 * line(s) and nothing else. Every expectation is the whole file after the
 * edit, built from the lines before it with one line changed, added or removed.
 */
import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { addListItems, followUpTextProblem, insertFollowUp, insertLogEntry, markFollowUpDone, removeListItems, setKey, setMapEntry, unsetKey, yamlScalar } from '../../src/file/edit.js';
import { parseYaml } from '../../src/file/frontmatter.js';

const BOM = '\uFEFF';
const CRLF = '\r\n';
const LONG = `bio: ${'Wrote the first published algorithm for a machine; '.repeat(40).trim()}`;

/** The hand-written file, one string per line (the BOM is added by `crlfFile`). */
const ADA = [
  '---',
  '# Contact card, kept by hand',
  'name: Ada Lovelace  # display name',
  'aliases: [Ada, "The Countess"]',
  'tags: [mentor, rust-community]',
  'expertise:',
  '  - compilers',
  '  - rust # the main one',
  "company: 'Analytical Engines'",
  'phone: 0123456',
  'zip: 01234',
  'ratio: 1e3',
  'links:',
  '  github: https://github.com/ada',
  '  site: https://ada.example',
  LONG,
  'favourite_tea: "Earl Grey"   # not a pln key',
  'cadence: 30d',
  'added: 2025-02-11',
  '---',
  'Met at RustConf 2024. Wants to move into compiler research.',
  '',
  '```markdown',
  '## Log',
  '- 2030-01-01 fake: a log inside a code fence',
  '```',
  '',
  '## Log',
  '- 2026-11-20 coffee: talked about compiler internships #career',
  '- 2026-10-03 call: reviewed her RFC draft',
  '',
  '## Follow-ups',
  '- [ ] send the benchmark paper 📅 2026-12-05',
  '- [x] intro to Bob at Acme 📅 2026-11-01 ✅ 2026-10-30',
];

/** The file as stored: BOM, CRLF line endings, a final line break unless told otherwise. */
function crlfFile(lines: string[], finalNewline = true): string {
  return BOM + lines.join(CRLF) + (finalNewline ? CRLF : '');
}

function lfFile(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `lines` with the one line equal to `old` replaced by `replacement` (zero or more lines). */
function swap(lines: string[], old: string, ...replacement: string[]): string[] {
  const at = lines.indexOf(old);
  expect(at, `line "${old}" in the fixture`).toBeGreaterThanOrEqual(0);
  expect(lines.indexOf(old, at + 1)).toBe(-1);
  return [...lines.slice(0, at), ...replacement, ...lines.slice(at + 1)];
}

/** `lines` with `added` inserted just before the line equal to `anchor`. */
function before(lines: string[], anchor: string, ...added: string[]): string[] {
  return swap(lines, anchor, ...added, anchor);
}

/** `lines` with `added` inserted just after the line equal to `anchor`. */
function after(lines: string[], anchor: string, ...added: string[]): string[] {
  return swap(lines, anchor, anchor, ...added);
}

/** Inserts before the closing `---` of the frontmatter. */
function beforeClosingFence(lines: string[], ...added: string[]): string[] {
  const at = lines.indexOf('---', 1);
  return [...lines.slice(0, at), ...added, ...lines.slice(at)];
}

/** Runs `fn` and returns the PlnError it throws. */
function plnError(fn: () => unknown): PlnError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlnError);
    return err as PlnError;
  }
  throw new Error('expected a PlnError');
}

/** The frontmatter values of a file, read the way pln reads them. */
function frontmatter(text: string): Record<string, unknown> {
  const start = text.indexOf('\n') + 1;
  const end = text.search(/\n---\r?\n/) + 1;
  return parseYaml(text.slice(start, end)).doc.toJS() as Record<string, unknown>;
}

const ada = crlfFile(ADA);

describe('setKey', () => {
  it('replaces only a scalar value, keeping its comment, the BOM and CRLF', () => {
    expect(setKey(ada, 'name', 'Ada King')).toBe(crlfFile(swap(ADA, 'name: Ada Lovelace  # display name', 'name: Ada King  # display name')));
    expect(setKey(ada, 'phone', '+44 20 7946 0000')).toBe(crlfFile(swap(ADA, 'phone: 0123456', 'phone: +44 20 7946 0000')));
  });

  it('keeps the quoting a value had', () => {
    expect(setKey(ada, 'company', 'Babbage & Co')).toBe(crlfFile(swap(ADA, "company: 'Analytical Engines'", "company: 'Babbage & Co'")));
    expect(setKey(ada, 'company', "O'Brien Ltd")).toBe(crlfFile(swap(ADA, "company: 'Analytical Engines'", "company: 'O''Brien Ltd'")));
    expect(setKey(ada, 'company', 'tab\there')).toBe(crlfFile(swap(ADA, "company: 'Analytical Engines'", 'company: "tab\\there"')));
    expect(setKey(ada, 'favourite_tea', 'Assam')).toBe(crlfFile(swap(ADA, 'favourite_tea: "Earl Grey"   # not a pln key', 'favourite_tea: "Assam"   # not a pln key')));
  });

  it('quotes a value only when YAML would read it as something else', () => {
    expect(setKey(ada, 'cadence', 'Lead: compilers')).toBe(crlfFile(swap(ADA, 'cadence: 30d', 'cadence: "Lead: compilers"')));
    expect(setKey(ada, 'cadence', 'yes')).toBe(crlfFile(swap(ADA, 'cadence: 30d', 'cadence: "yes"')));
    expect(setKey(ada, 'cadence', '007')).toBe(crlfFile(swap(ADA, 'cadence: 30d', 'cadence: "007"')));
    expect(setKey(ada, 'cadence', '#1 fan')).toBe(crlfFile(swap(ADA, 'cadence: 30d', 'cadence: "#1 fan"')));
    expect(setKey(ada, 'cadence', 'say "hi"\tthen go')).toBe(crlfFile(swap(ADA, 'cadence: 30d', 'cadence: "say \\"hi\\"\\tthen go"')));
    expect(setKey(ada, 'added', '2026-11-29')).toBe(crlfFile(swap(ADA, 'added: 2025-02-11', 'added: 2026-11-29')));
  });

  it('adds an absent key as the last line of the frontmatter', () => {
    const out = setKey(ada, 'role', 'Staff Engineer: compilers');
    expect(out).toBe(crlfFile(beforeClosingFence(ADA, 'role: "Staff Engineer: compilers"')));
    expect(frontmatter(out).role).toBe('Staff Engineer: compilers');
  });

  it('writes lists in the style already there', () => {
    expect(setKey(ada, 'aliases', ['Ada', 'Countess of Lovelace'])).toBe(crlfFile(swap(ADA, 'aliases: [Ada, "The Countess"]', 'aliases: [Ada, Countess of Lovelace]')));
    expect(setKey(ada, 'expertise', ['compilers', 'type theory', 'rust'])).toBe(crlfFile(swap(swap(ADA, '  - rust # the main one', '  - rust'), '  - compilers', '  - compilers', '  - type theory')));
    expect(setKey(ada, 'phone', ['0123456', '0765 432'])).toBe(crlfFile(swap(ADA, 'phone: 0123456', 'phone: ["0123456", 0765 432]')));
    expect(setKey(ada, 'email', ['ada@example.com', 'ada@work.example'])).toBe(crlfFile(beforeClosingFence(ADA, 'email: [ada@example.com, ada@work.example]')));
  });

  it('keeps the lines of block list items that stay, with their comments; new items go last', () => {
    const rust = '  - rust # the main one';
    expect(setKey(ada, 'expertise', ['compilers', 'rust', 'wasm'])).toBe(crlfFile(after(ADA, rust, '  - wasm')));
    expect(setKey(ada, 'expertise', ['rust', 'wasm'])).toBe(crlfFile(after(swap(ADA, '  - compilers'), rust, '  - wasm')));
    expect(setKey(ada, 'expertise', ['Compilers', 'rust'])).toBe(crlfFile(swap(ADA, '  - compilers', '  - Compilers')));
    const lines = ['---', 'name: Ada', 'expertise:', '  - rust # yes', '  # a comment line', '  - go', 'role: x', '---'];
    expect(setKey(lfFile(lines), 'expertise', ['rust', 'go', 'wasm'])).toBe(lfFile(after(lines, '  - go', '  - wasm')));
    expect(setKey(lfFile(lines), 'expertise', ['go'])).toBe(lfFile(swap(lines, '  - rust # yes')));
    // A new order, or nothing kept, writes the list anew.
    expect(setKey(lfFile(lines), 'expertise', ['go', 'rust'])).toBe(lfFile(['---', 'name: Ada', 'expertise:', '  - go', '  - rust', 'role: x', '---']));
    expect(setKey(lfFile(lines), 'expertise', ['wasm'])).toBe(lfFile(['---', 'name: Ada', 'expertise:', '  - wasm', 'role: x', '---']));
  });

  it('leaves the text alone when the value is already there', () => {
    expect(setKey(ada, 'zip', '01234')).toBe(ada);
    expect(setKey(ada, 'aliases', ['Ada', 'The Countess'])).toBe(ada);
  });

  it('puts a value after an empty key, before its comment', () => {
    const text = lfFile(['---', 'name: Ada', 'role: # fill in', 'company:', '---']);
    expect(setKey(text, 'role', 'Engineer')).toBe(lfFile(['---', 'name: Ada', 'role: Engineer # fill in', 'company:', '---']));
    expect(setKey(text, 'company', 'Acme')).toBe(lfFile(['---', 'name: Ada', 'role: # fill in', 'company: Acme', '---']));
  });

  it('replaces a block text value by a one-line value', () => {
    const text = lfFile(['---', 'name: Ada', 'summary: |', '  two lines', '  of text', 'added: 2025-02-11', '---']);
    expect(setKey(text, 'summary', 'short')).toBe(lfFile(['---', 'name: Ada', 'summary: short', 'added: 2025-02-11', '---']));
  });

  it('refuses a key holding nested keys', () => {
    const err = plnError(() => setKey(ada, 'links', 'https://ada.example'));
    expect(err.kind).toBe('file');
    expect(err.message).toBe('links holds nested keys; change it with pln edit');
  });

  it('keeps a missing final newline missing', () => {
    const text = crlfFile(ADA, false);
    expect(setKey(text, 'zip', 'SW1A 1AA')).toBe(crlfFile(swap(ADA, 'zip: 01234', 'zip: SW1A 1AA'), false));
  });
});

describe('unsetKey', () => {
  it('removes the key line with its value lines and comments', () => {
    expect(unsetKey(ada, 'links')).toBe(crlfFile(swap(swap(swap(ADA, 'links:'), '  github: https://github.com/ada'), '  site: https://ada.example')));
    expect(unsetKey(ada, 'expertise')).toBe(crlfFile(swap(swap(swap(ADA, 'expertise:'), '  - compilers'), '  - rust # the main one')));
    expect(unsetKey(ada, 'name')).toBe(crlfFile(swap(ADA, 'name: Ada Lovelace  # display name')));
    expect(unsetKey(ada, 'bio')).toBe(crlfFile(swap(ADA, LONG)));
  });

  it('is a no-op for an absent key', () => {
    expect(unsetKey(ada, 'role')).toBe(ada);
  });
});

describe('addListItems', () => {
  it('appends to a flow list after its last item, skipping items already there in any case', () => {
    const out = addListItems(ada, 'tags', ['MENTOR', 'Compilers', 'compilers']);
    expect(out).toBe(crlfFile(swap(ADA, 'tags: [mentor, rust-community]', 'tags: [mentor, rust-community, Compilers]')));
    expect(frontmatter(out).tags).toEqual(['mentor', 'rust-community', 'Compilers']);
  });

  it('quotes an item only when a flow list needs it', () => {
    expect(addListItems(ada, 'aliases', ['Lady Byron, junior', 'yes'])).toBe(crlfFile(swap(ADA, 'aliases: [Ada, "The Countess"]', 'aliases: [Ada, "The Countess", "Lady Byron, junior", "yes"]')));
  });

  it('adds `- item` lines after the last item of a block list', () => {
    expect(addListItems(ada, 'expertise', ['type theory', 'Rust'])).toBe(crlfFile(after(ADA, '  - rust # the main one', '  - type theory')));
  });

  it('turns a single value into a flow list', () => {
    const text = lfFile(['---', 'name: Ada', 'tags: mentor # set by hand', '---']);
    expect(addListItems(text, 'tags', ['speaker'])).toBe(lfFile(['---', 'name: Ada', 'tags: [mentor, speaker] # set by hand', '---']));
    expect(addListItems(text, 'tags', ['Mentor'])).toBe(text);
  });

  it('fills an empty flow list and adds an absent key', () => {
    const text = lfFile(['---', 'name: Ada', 'tags: []', '---']);
    expect(addListItems(text, 'tags', ['mentor'])).toBe(lfFile(['---', 'name: Ada', 'tags: [mentor]', '---']));
    expect(addListItems(ada, 'knows', ['charles-babbage'])).toBe(crlfFile(beforeClosingFence(ADA, 'knows: [charles-babbage]')));
  });

  it('returns the text unchanged when nothing is new', () => {
    expect(addListItems(ada, 'tags', ['Rust-Community', ' mentor '])).toBe(ada);
    expect(addListItems(ada, 'tags', [])).toBe(ada);
  });
});

describe('removeListItems', () => {
  it('removes a flow item with one comma', () => {
    expect(removeListItems(ada, 'tags', ['MENTOR'])).toBe(crlfFile(swap(ADA, 'tags: [mentor, rust-community]', 'tags: [rust-community]')));
    expect(removeListItems(ada, 'tags', ['rust-community'])).toBe(crlfFile(swap(ADA, 'tags: [mentor, rust-community]', 'tags: [mentor]')));
    const text = lfFile(['---', 'tags: [a, b,  c, d]', '---']);
    expect(removeListItems(text, 'tags', ['b', 'c'])).toBe(lfFile(['---', 'tags: [a, d]', '---']));
    expect(removeListItems(text, 'tags', ['a', 'b'])).toBe(lfFile(['---', 'tags: [c, d]', '---']));
  });

  it("removes a block item's line, comment included", () => {
    expect(removeListItems(ada, 'expertise', ['Rust'])).toBe(crlfFile(swap(ADA, '  - rust # the main one')));
  });

  it('leaves an empty list when every item goes, and removes a matching single value', () => {
    expect(removeListItems(ada, 'tags', ['mentor', 'rust-community'])).toBe(crlfFile(swap(ADA, 'tags: [mentor, rust-community]', 'tags: []')));
    expect(removeListItems(ada, 'expertise', ['rust', 'compilers'])).toBe(crlfFile(swap(swap(swap(ADA, 'expertise:', 'expertise: []'), '  - compilers'), '  - rust # the main one')));
    const text = lfFile(['---', 'name: Ada', 'tags: mentor', '---']);
    expect(removeListItems(text, 'tags', ['Mentor'])).toBe(lfFile(['---', 'name: Ada', '---']));
  });

  it('returns the text unchanged when nothing matches', () => {
    expect(removeListItems(ada, 'tags', ['speaker'])).toBe(ada);
    expect(removeListItems(ada, 'knows', ['bob'])).toBe(ada);
  });
});

describe('setMapEntry', () => {
  it('changes or adds one entry of a nested map', () => {
    expect(setMapEntry(ada, 'links', 'github', 'https://github.com/countess')).toBe(crlfFile(swap(ADA, '  github: https://github.com/ada', '  github: https://github.com/countess')));
    expect(setMapEntry(ada, 'links', 'mastodon', 'https://hachyderm.io/@ada')).toBe(crlfFile(after(ADA, '  site: https://ada.example', '  mastodon: https://hachyderm.io/@ada')));
  });
});

describe('insertLogEntry', () => {
  const newest = '- 2026-11-20 coffee: talked about compiler internships #career';
  const older = '- 2026-10-03 call: reviewed her RFC draft';

  it('keeps a sorted log newest first, same-day entries on top, ignoring code fences', () => {
    expect(insertLogEntry(ada, { date: '2026-11-01', kind: 'email', text: 'sent the paper' })).toBe(crlfFile(before(ADA, older, '- 2026-11-01 email: sent the paper')));
    expect(insertLogEntry(ada, { date: '2026-11-20', kind: null, text: 'second chat' })).toBe(crlfFile(before(ADA, newest, '- 2026-11-20: second chat')));
    expect(insertLogEntry(ada, { date: '2026-12-01', kind: 'call', text: 'catch-up' })).toBe(crlfFile(before(ADA, newest, '- 2026-12-01 call: catch-up')));
    expect(insertLogEntry(ada, { date: '2025-01-01', kind: 'met', text: 'first met' })).toBe(crlfFile(after(ADA, older, '- 2025-01-01 met: first met')));
  });

  it('keeps a log kept oldest first in order', () => {
    const lines = ['---', 'name: Ada', '---', '## Log', '- 2026-01-01 call: a', '- 2026-03-01 call: b', '', 'after'];
    expect(insertLogEntry(lfFile(lines), { date: '2026-02-01', kind: 'call', text: 'c' })).toBe(lfFile(before(lines, '- 2026-03-01 call: b', '- 2026-02-01 call: c')));
    expect(insertLogEntry(lfFile(lines), { date: '2026-04-01', kind: 'call', text: 'c' })).toBe(lfFile(after(lines, '- 2026-03-01 call: b', '- 2026-04-01 call: c')));
  });

  it('puts a new entry on top of an unsorted log', () => {
    const lines = ['---', 'name: Ada', '---', '## Log', '- 2026-03-01 call: a', '- 2026-01-01 call: b', '- 2026-02-01 call: d', '', 'after'];
    expect(insertLogEntry(lfFile(lines), { date: '2026-02-15', kind: 'call', text: 'c' })).toBe(lfFile(before(lines, '- 2026-03-01 call: a', '- 2026-02-15 call: c')));
  });

  it('fills an empty section after the heading and its blank line', () => {
    const spaced = ['---', 'name: Ada', '---', '## Log', '', '## Follow-ups'];
    expect(insertLogEntry(lfFile(spaced), { date: '2026-02-01', kind: 'call', text: 'c' })).toBe(lfFile(after(spaced, '', '- 2026-02-01 call: c')));
    const tight = ['---', 'name: Ada', '---', '## log', '# Next part'];
    expect(insertLogEntry(lfFile(tight), { date: '2026-02-01', kind: 'call', text: 'c' })).toBe(lfFile(after(tight, '## log', '- 2026-02-01 call: c')));
  });

  it('inserts into the Log section, not into a Log heading in a code fence', () => {
    const lines = ['---', 'name: Ada', '---', '~~~', '## Log', '~~~', 'notes'];
    expect(insertLogEntry(crlfFile(lines), { date: '2026-02-01', kind: 'call', text: 'c' })).toBe(crlfFile([...lines, '', '## Log', '- 2026-02-01 call: c']));
  });

  it('appends a Log section at the end when there is none', () => {
    const lines = ['---', 'name: Ada', '---', 'Met at RustConf.'];
    const entry = { date: '2026-02-01', kind: 'call', text: 'c' };
    expect(insertLogEntry(crlfFile(lines), entry)).toBe(crlfFile([...lines, '', '## Log', '- 2026-02-01 call: c']));
    expect(insertLogEntry(crlfFile(lines, false), entry)).toBe(crlfFile([...lines, '', '## Log', '- 2026-02-01 call: c'], false));
    expect(insertLogEntry(crlfFile([...lines, '']), entry)).toBe(crlfFile([...lines, '', '## Log', '- 2026-02-01 call: c']));
    expect(insertLogEntry(lfFile(['---', 'name: Ada', '---']), entry)).toBe(lfFile(['---', 'name: Ada', '---', '', '## Log', '- 2026-02-01 call: c']));
  });

  it('keeps a missing final newline missing when adding after the last line', () => {
    const lines = ['---', 'name: Ada', '---', '## Log', '- 2026-03-01 call: b'];
    expect(insertLogEntry(crlfFile(lines, false), { date: '2026-01-01', kind: null, text: 'a' })).toBe(crlfFile([...lines, '- 2026-01-01: a'], false));
  });

  it('refuses text on several lines', () => {
    const err = plnError(() => insertLogEntry(ada, { date: '2026-02-01', kind: 'call', text: 'one\ntwo' }));
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe('the log text must be one line');
  });
});

describe('insertFollowUp', () => {
  it('adds an open task after the last item of the section', () => {
    expect(insertFollowUp(ada, { text: 'ask about the talk', due: '2026-12-24' })).toBe(crlfFile([...ADA, '- [ ] ask about the talk 📅 2026-12-24']));
    const lines = ['---', 'name: Ada', '---', '## Followups', '- [ ] a', '  more about a', '', '## Log'];
    expect(insertFollowUp(lfFile(lines), { text: 'b', due: null })).toBe(lfFile(after(lines, '  more about a', '- [ ] b')));
  });

  it('creates the section at the end of the file when absent', () => {
    const lines = ['---', 'name: Ada', '---', '## Log', '- 2026-03-01 call: b'];
    expect(insertFollowUp(crlfFile(lines), { text: 'send notes', due: null })).toBe(crlfFile([...lines, '', '## Follow-ups', '- [ ] send notes']));
  });

  it('fills an empty section after the heading and its blank line', () => {
    const lines = ['---', 'name: Ada', '---', '## Follow ups', '', 'Nothing else.'];
    expect(insertFollowUp(lfFile(lines), { text: 'x', due: '2026-01-02' })).toBe(lfFile(after(lines, '', '- [ ] x 📅 2026-01-02')));
  });

  it('refuses text that would read back as a date of the task', () => {
    const lines = ['---', 'name: Ada', '---', '## Follow-ups', '- [ ] a'];
    for (const [text, due] of [
      ['2026-12-01 call him', null],
      ['call him 📅 2026-12-01', null],
      ['done ✅ 2026-11-01', null],
      ['done ✅ 2026-11-01', '2026-12-05'],
    ] as const) {
      const err = plnError(() => insertFollowUp(lfFile(lines), { text, due }));
      expect(err.kind, text).toBe('invalid');
      expect(followUpTextProblem(text, due)).toBe(err.message);
    }
    // With the due date written last, a leading date and an earlier 📅 stay text.
    expect(followUpTextProblem('2026-12-01 call him', '2026-12-05')).toBeNull();
    expect(followUpTextProblem('answer 📅 2026-01-15 mail', '2026-12-05')).toBeNull();
    expect(followUpTextProblem('2026-12-01', null)).toBeNull();
  });
});

describe('markFollowUpDone', () => {
  it('ticks the task and appends the done date before the CR', () => {
    const task = '- [ ] send the benchmark paper 📅 2026-12-05';
    const out = markFollowUpDone(ada, ADA.indexOf(task) + 1, '2026-11-29');
    expect(out).toBe(crlfFile(swap(ADA, task, '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29')));
  });

  it('puts the done date before an Obsidian block id that ends the line', () => {
    const lines = ['---', 'name: Ada', '---', '## Follow-ups', '- [ ] x 📅 2026-12-01 #tag ^block1', '- [ ] 2 ^ 3'];
    expect(markFollowUpDone(lfFile(lines), 5, '2026-11-29')).toBe(lfFile(swap(lines, '- [ ] x 📅 2026-12-01 #tag ^block1', '- [x] x 📅 2026-12-01 #tag ✅ 2026-11-29 ^block1')));
    expect(markFollowUpDone(lfFile(lines), 6, '2026-11-29')).toBe(lfFile(swap(lines, '- [ ] 2 ^ 3', '- [x] 2 ^ 3 ✅ 2026-11-29')));
  });

  it('refuses a line that is not an open task', () => {
    for (const line of [ADA.indexOf('- [x] intro to Bob at Acme 📅 2026-11-01 ✅ 2026-10-30') + 1, 3, 999]) {
      const err = plnError(() => markFollowUpDone(ada, line, '2026-11-29'));
      expect(err.kind).toBe('conflict');
      expect(err.message).toBe(`line ${line} is no longer an open follow-up (the file changed); try again`);
    }
  });
});

describe('files that cannot be edited safely', () => {
  const edits: [string, (t: string) => string][] = [
    ['setKey', (t) => setKey(t, 'role', 'x')],
    ['unsetKey', (t) => unsetKey(t, 'name')],
    ['addListItems', (t) => addListItems(t, 'tags', ['x'])],
    ['removeListItems', (t) => removeListItems(t, 'tags', ['x'])],
    ['insertLogEntry', (t) => insertLogEntry(t, { date: '2026-01-01', kind: null, text: 'x' })],
    ['insertFollowUp', (t) => insertFollowUp(t, { text: 'x', due: null })],
  ];
  const broken: [string, string, string][] = [
    ['conflict markers', crlfFile([...ADA, '<<<<<<< HEAD', '- [ ] mine', '=======', '- [ ] theirs', '>>>>>>> origin/main']), 'has git conflict markers; resolve them first'],
    ['an unclosed frontmatter', lfFile(['---', 'name: Ada', 'Met at RustConf.']), 'frontmatter is never closed: add a "---" line after the last key'],
    ['no frontmatter', lfFile(['# Ada', 'Met at RustConf.']), 'has no frontmatter (a "---" line, the keys, then "---")'],
    ['a duplicate key', lfFile(['---', 'name: Ada', 'name: Bob', '---']), 'frontmatter is not valid YAML (Map keys must be unique)'],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses a file with ${what}`, () => {
      for (const [, edit] of edits) {
        const err = plnError(() => edit(text));
        expect(err.kind).toBe('file');
        expect(err.message).toBe(message);
      }
    });
  }
});

describe('yamlScalar', () => {
  it('writes plain what reads back as the same string everywhere, and quotes the rest', () => {
    const plain = ['Ada Lovelace', 'https://github.com/ada', '2026-11-29', 'C#', "O'Brien", 'say "hi" \\o/', 'rust-community', '30d'];
    for (const s of plain) expect(yamlScalar(s)).toBe(s);
    const quoted: [string, string][] = [
      ['', '""'],
      [' padded ', '" padded "'],
      ['yes', '"yes"'],
      ['No', '"No"'],
      ['null', '"null"'],
      ['~', '"~"'],
      ['0123456', '"0123456"'],
      ['1e3', '"1e3"'],
      ['12:30', '"12:30"'],
      ['0x1F', '"0x1F"'],
      ['-1', '"-1"'],
      ['a: b', '"a: b"'],
      ['a #b', '"a #b"'],
      ['- item', '"- item"'],
      ['[x]', '"[x]"'],
      ['line\nbreak', '"line\\nbreak"'],
      ['"q" back\\slash', '"\\"q\\" back\\\\slash"'],
      ['2026-11-29T10:00', '"2026-11-29T10:00"'],
    ];
    for (const [s, q] of quoted) expect(yamlScalar(s)).toBe(q);
    expect(yamlScalar('a, b')).toBe('a, b');
    expect(yamlScalar('a, b', { flow: true })).toBe('"a, b"');
  });
});
