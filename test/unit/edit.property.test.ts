/**
 * Generated hand-written contact files (comments, quoting, number-looking
 * values, flow and block lists, nested maps, block text, CRLF or LF, a BOM or
 * not, a final newline or not, code fences and free text in the body): every
 * edit makes the intended change, as the YAML parser reads it, and every line
 * outside the edited ones stays byte-identical. No edit throws on these files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PlnError } from '../../src/domain/errors.js';
import { fold } from '../../src/domain/text.js';
import { addListItems, insertFollowUp, insertLogEntry, markFollowUpDone, removeListItems, setKey, unsetKey, yamlScalar } from '../../src/file/edit.js';
import { parseYaml, splitFrontmatter } from '../../src/file/frontmatter.js';
import { fuzzRuns } from '../helpers/fuzz.js';

/** Cases per property (PLN_FUZZ_RUNS for a deeper run). */
const RUNS = fuzzRuns(1000);

/** A key no generated file has. */
const ABSENT = 'zz-absent';

type Shape = 'scalar' | 'empty' | 'flow' | 'block' | 'map' | 'text';

interface KeyBlock {
  key: string;
  shape: Shape;
  lines: string[];
  /** Block lists: lines between the key and the first item (a comment). */
  preItems: number;
}

interface Section {
  /** Index of the heading line in the file's lines. */
  heading: number;
  /** Index one past the section's last line. */
  end: number;
}

interface Generated {
  text: string;
  eol: string;
  /** `text.split(eol)`: the BOM is part of the first, the final '' stands for a final line break. */
  lines: string[];
  blocks: (KeyBlock & { at: number })[];
  /** Index of the closing `---`. */
  closing: number;
  log: Section | null;
  followUps: Section | null;
}

// ---- values as people write them ----------------------------------------------

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const keyName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,9}$/).filter((k) => k !== 'name' && k !== ABSENT);
const comment = fc.option(
  word.map((w) => `  # ${w}`),
  { nil: '' },
);
const tricky = fc.constantFrom(
  '0123456',
  '01234',
  '1e3',
  '3.10',
  '0x1F',
  '-5',
  '+1',
  '1_000',
  '12:30',
  '.5',
  'yes',
  'no',
  'null',
  '~',
  'on',
  'true',
  '2024-01-05',
  '2026-11-29',
  'https://example.com/a?b=c',
);
const freeText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.!?()'"-]{0,40}[A-Za-z0-9.!?)]$/).filter((s) => !s.includes(': ') && !s.includes(' #'));
const unicodeText = fc.constantFrom('José Núñez', 'Zoë', '東京', 'Ørsted', 'party 🎉 time');
const doubleQuoted = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :#,.'[\]{}-]{1,6}$/), fc.constantFrom('\\"', '\\\\', '\\t', '\\u00e9')), { maxLength: 5 }).map((parts) => `"${parts.join('')}"`);
const singleQuoted = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :#,."[\]{}-]{1,6}$/), fc.constant("''")), { maxLength: 5 }).map((parts) => `'${parts.join('')}'`);
const longText = word.map((w) => `${w} `.repeat(60).trim());
/** The source text of a scalar after `key: ` or `- `. */
const scalarSrc = fc.oneof(word, tricky, freeText, doubleQuoted, singleQuoted, unicodeText, longText);
const flowItemSrc = fc.oneof(
  word,
  tricky,
  word.map((w) => `"${w}, with a comma"`),
  word.map((w) => `'${w}'`),
  unicodeText,
);

/** The lines of one key of a given shape. */
function keyBlock(key: string): fc.Arbitrary<KeyBlock> {
  return fc.oneof(
    fc.tuple(scalarSrc, comment).map(([v, c]) => ({ key, shape: 'scalar' as const, lines: [`${key}: ${v}${c}`], preItems: 0 })),
    comment.map((c) => ({ key, shape: 'empty' as const, lines: [`${key}:${c}`], preItems: 0 })),
    fc
      .tuple(fc.array(flowItemSrc, { maxLength: 4 }), fc.constantFrom(', ', ',', ' , '), fc.boolean(), comment)
      .map(([items, sep, pad, c]) => ({ key, shape: 'flow' as const, lines: [`${key}: ${pad ? `[ ${items.join(sep)} ]` : `[${items.join(sep)}]`}${c}`], preItems: 0 })),
    fc.tuple(fc.constantFrom('', '  ', '    '), fc.array(fc.tuple(scalarSrc, comment), { minLength: 1, maxLength: 4 }), fc.boolean(), comment).map(([indent, items, pre, c]) => ({
      key,
      shape: 'block' as const,
      lines: [`${key}:${c}`, ...(pre ? [`${indent}# the items`] : []), ...items.map(([v, ic]) => `${indent}- ${v}${ic}`)],
      preItems: pre ? 1 : 0,
    })),
    fc
      .uniqueArray(fc.tuple(word, scalarSrc), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((entries) => ({ key, shape: 'map' as const, lines: [`${key}:`, ...entries.map(([k, v]) => `  ${k}: ${v}`)], preItems: 0 })),
    fc
      .tuple(fc.constantFrom('|', '>', '|-', '>+'), fc.array(freeText, { minLength: 1, maxLength: 3 }))
      .map(([header, text]) => ({ key, shape: 'text' as const, lines: [`${key}: ${header}`, ...text.map((t) => `  ${t}`)], preItems: 0 })),
  );
}

const separator = fc.option(fc.constantFrom('', '# a comment line', '#'), { nil: null });

// ---- bodies -----------------------------------------------------------------------

const bodyLine = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9 .,;:!?'"()*_[\]-]{0,60}$/) },
  { weight: 2, arbitrary: fc.constantFrom('', '- a plain list item', '### a small heading', '  indented text', '> a quote', '=======', 'Café au lait ☕', 'trailing spaces   ', '---', '1. numbered') },
);
const date = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const kind = fc.option(word, { nil: null });

type Part = { kind: 'log' | 'followups' | 'other' | 'fence' | 'notes'; lines: string[] };

const logPart: fc.Arbitrary<Part> = fc
  .record({
    heading: fc.constantFrom('## Log', '## log', '## LOG ##'),
    blankAfter: fc.boolean(),
    entries: fc.array(fc.tuple(date, kind, freeText), { maxLength: 5 }),
    sorted: fc.boolean(),
    detail: fc.boolean(),
    trailing: fc.array(bodyLine, { maxLength: 2 }),
  })
  .map((r) => {
    const entries = r.sorted ? [...r.entries].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)) : r.entries;
    const lines = entries.map(([d, k, t]) => (k ? `- ${d} ${k}: ${t}` : `- ${d}: ${t}`));
    if (r.detail && lines.length > 0) lines.push('  more detail on that one');
    return { kind: 'log', lines: [r.heading, ...(r.blankAfter ? [''] : []), ...lines, ...r.trailing] };
  });

const followUpsPart: fc.Arbitrary<Part> = fc
  .record({
    heading: fc.constantFrom('## Follow-ups', '## Followups', '## follow ups'),
    blankAfter: fc.boolean(),
    tasks: fc.array(fc.tuple(fc.boolean(), word, fc.option(date, { nil: null })), { maxLength: 4 }),
    detail: fc.boolean(),
    trailing: fc.array(fc.constantFrom('', 'A closing remark.'), { maxLength: 2 }),
  })
  .map((r) => {
    const lines = r.tasks.map(([done, w, due]) => (done ? `- [x] ${w} ✅ 2026-10-01` : `- [ ] ${w}${due ? ` 📅 ${due}` : ''}`));
    if (r.detail && lines.length > 0) lines.push('  with some detail');
    return { kind: 'followups', lines: [r.heading, ...(r.blankAfter ? [''] : []), ...lines, ...r.trailing] };
  });

const otherParts: fc.Arbitrary<Part> = fc.oneof(
  fc.tuple(fc.constantFrom('## Notes', '# Big title', '## Logbook'), fc.array(bodyLine, { maxLength: 3 })).map(([h, ls]) => ({ kind: 'other' as const, lines: [h, ...ls] })),
  fc.constantFrom('```', '~~~', '````').map((f) => ({ kind: 'fence' as const, lines: [f, '## Log', '- 2030-01-01 call: in a fence', '## Follow-ups', '- [ ] a fenced task', f] })),
  fc.array(bodyLine, { minLength: 1, maxLength: 4 }).map((ls) => ({ kind: 'notes' as const, lines: ls })),
);

const body = fc
  .record({
    first: fc.array(bodyLine, { maxLength: 3 }),
    log: fc.option(logPart, { nil: null }),
    followUps: fc.option(followUpsPart, { nil: null }),
    others: fc.array(otherParts, { maxLength: 3 }),
  })
  .chain((r) => {
    const parts = [...(r.log ? [r.log] : []), ...(r.followUps ? [r.followUps] : []), ...r.others];
    return fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }).map((shuffled) => ({ first: r.first, parts: shuffled }));
  });

const contactFile: fc.Arbitrary<Generated> = fc
  .record({
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    leadingComment: fc.boolean(),
    keys: fc.uniqueArray(keyName, { maxLength: 7 }),
    body,
  })
  .chain((r) =>
    fc.tuple(
      fc.constant(r),
      r.keys.length ? fc.tuple(...r.keys.map((k) => keyBlock(k))) : fc.constant([] as KeyBlock[]),
      fc.array(separator, { minLength: r.keys.length + 1, maxLength: r.keys.length + 1 }),
    ),
  )
  .map(([r, keyBlocks, separators]) => {
    const eol = r.crlf ? '\r\n' : '\n';
    const lines = ['---'];
    if (r.leadingComment) lines.push('# kept by hand');
    const blocks: Generated['blocks'] = [];
    [{ key: 'name', shape: 'scalar' as const, lines: ['name: Test Person'], preItems: 0 }, ...keyBlocks].forEach((b, i) => {
      blocks.push({ ...b, at: lines.length });
      lines.push(...b.lines);
      if (separators[i] !== null) lines.push(separators[i]!);
    });
    const closing = lines.length;
    lines.push('---', ...r.body.first);
    let log: Section | null = null;
    let followUps: Section | null = null;
    let open: Section | null = null;
    for (const part of r.body.parts) {
      // A real heading (not one in a fence, not a notes line) ends the open section.
      if (part.kind === 'log' || part.kind === 'followups' || part.kind === 'other') {
        if (open) open.end = lines.length;
        open = null;
      }
      if (part.kind === 'log') open = log = { heading: lines.length, end: -1 };
      if (part.kind === 'followups') open = followUps = { heading: lines.length, end: -1 };
      lines.push(...part.lines);
    }
    if (open) open.end = lines.length;
    let text = lines.join(eol) + (r.finalNewline ? eol : '');
    if (r.bom) text = `\uFEFF${text}`;
    // A last empty line with no line break after it reads as the final line break.
    const count = text.endsWith(eol) ? lines.length + (r.finalNewline ? 0 : -1) : lines.length;
    for (const s of [log, followUps]) if (s) s.end = Math.min(s.end, count);
    return { text, eol, lines: text.split(eol), blocks, closing, log, followUps };
  });

// ---- checks ------------------------------------------------------------------------

/** The frontmatter as the YAML parser reads it (failsafe: every scalar a string). */
function frontmatter(text: string): Record<string, unknown> {
  const split = splitFrontmatter(text);
  expect(split.kind).toBe('ok');
  if (split.kind !== 'ok') return {};
  const { doc } = parseYaml(text.slice(split.yamlStart, split.yamlEnd));
  expect(doc.errors).toEqual([]);
  return (doc.toJS() ?? {}) as Record<string, unknown>;
}

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

/** The same line-ending style, BOM and final newline, with no stray CR or LF. */
function expectSameStyle(g: Generated, after: string): void {
  if (g.eol === '\r\n') expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  else expect(after).not.toContain('\r');
  expect(after.startsWith('\uFEFF')).toBe(g.text.startsWith('\uFEFF'));
}

/**
 * Lines [start, start + oldLen) were replaced by `newLen` lines (any count when
 * undefined); every other line is byte-identical. Returns the new lines.
 */
function expectOnlyRegionChanged(g: Generated, after: string, start: number, oldLen: number, newLen?: number): string[] {
  expectSameStyle(g, after);
  const a = after.split(g.eol);
  const tail = g.lines.length - start - oldLen;
  expect(a.slice(0, start)).toEqual(g.lines.slice(0, start));
  expect(a.slice(a.length - tail)).toEqual(g.lines.slice(start + oldLen));
  if (newLen !== undefined) expect(a.length - start - tail).toBe(newLen);
  return a.slice(start, a.length - tail);
}

/** Exactly one line was inserted; returns its index. */
function expectOneLineInserted(g: Generated, after: string, line: string): number {
  expectSameStyle(g, after);
  const a = after.split(g.eol);
  expect(a.length).toBe(g.lines.length + 1);
  let i = 0;
  while (i < g.lines.length && a[i] === g.lines[i]) i++;
  expect(a[i]).toBe(line);
  expect(a.slice(i + 1)).toEqual(g.lines.slice(i));
  return i;
}

/** A new section appended at the end, as the contract says. */
function expectSectionAppended(g: Generated, after: string, heading: string, line: string): void {
  let base = g.text.endsWith(g.eol) ? g.text : g.text + g.eol;
  const last = base.slice(0, -g.eol.length).split(g.eol).pop()!;
  if (last.trim() !== '') base += g.eol;
  // A file without a final line break keeps having none.
  expect(after).toBe(`${base}${heading}${g.eol}${line}${g.text.endsWith(g.eol) ? g.eol : ''}`);
}

/**
 * Removing this key would leave a blank line right after a `|+`/`>+` text,
 * which would then keep it: the edit is refused.
 */
function unsetRefused(g: Generated, key: string): boolean {
  const i = g.blocks.findIndex((b) => b.key === key);
  const prev = g.blocks[i - 1];
  const b = g.blocks[i];
  if (!prev || !b || !/^\S+: [|>]\+/.test(prev.lines[0]!)) return false;
  return g.lines.slice(prev.at + prev.lines.length, b.at).every((l) => l.trim() === '') && g.lines[b.at + b.lines.length]!.trim() === '';
}

function blockOf(g: Generated, key: string): (KeyBlock & { at: number }) | undefined {
  return g.blocks.find((b) => b.key === key);
}

/** What addListItems should leave in a key that held `before`. */
function addedList(before: unknown, items: string[]): unknown {
  const wanted: string[] = [];
  for (const i of items.map((s) => s.trim())) if (i !== '' && !wanted.some((w) => fold(w) === fold(i))) wanted.push(i);
  if (Array.isArray(before)) return [...before, ...wanted.filter((w) => !before.some((b) => typeof b === 'string' && fold(b) === fold(w)))];
  if (typeof before === 'string' && before.trim() !== '') {
    // Nothing new: a single value stays as it is.
    const add = wanted.filter((w) => fold(w) !== fold(before));
    return add.length ? [before, ...add] : before;
  }
  return wanted;
}

const DATED_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})/;
const LIST_ITEM_RE = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/** Indexes of lines [from, to) outside code fences (the generator's fences are whole parts, never nested). */
function unfenced(lines: string[], from: number, to: number): number[] {
  const out: number[] = [];
  let fence: string | null = null;
  for (let i = from; i < to; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    const f = /^(`{3,}|~{3,})$/.exec(l)?.[1] ?? null;
    if (fence !== null) {
      if (f === fence) fence = null;
    } else if (f !== null) fence = f;
    else out.push(i);
  }
  return out;
}

/** Dates of the dated entries in lines [from, to), outside code fences. */
function entryDates(lines: string[], from: number, to: number): { i: number; date: string }[] {
  const out: { i: number; date: string }[] = [];
  for (const i of unfenced(lines, from, to)) {
    const m = DATED_RE.exec(lines[i]!);
    if (m) out.push({ i, date: m[1]! });
  }
  return out;
}

// ---- the properties --------------------------------------------------------------

const value = fc.oneof(word, tricky, freeText, unicodeText, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 12 }));

const ops = fc.record({
  setAt: fc.nat(),
  setValue: value,
  listAt: fc.nat(),
  listValue: fc.array(value, { maxLength: 4 }),
  unsetAt: fc.nat(),
  addAt: fc.nat(),
  addItems: fc.array(fc.oneof(word, tricky, unicodeText), { minLength: 1, maxLength: 3 }),
  addExisting: fc.boolean(),
  removeAt: fc.nat(),
  removePick: fc.array(fc.nat(), { maxLength: 3 }),
  removeExtra: word,
  log: fc.record({ date: fc.oneof(date, fc.constant('existing')), kind, text: freeText }),
  followUp: fc.record({ text: freeText, due: fc.option(date, { nil: null }) }),
});

describe('edits of generated contact files', () => {
  it('make the intended change and leave every other line byte-identical', () => {
    fc.assert(
      fc.property(contactFile, ops, (g, op) => {
        const before = frontmatter(g.text);
        const keyAt = (n: number, shapes: Shape[] | null) => {
          const choices = [...g.blocks.filter((b) => !shapes || shapes.includes(b.shape)).map((b) => b.key), ABSENT];
          return choices[n % choices.length]!;
        };
        const notMap: Shape[] = ['scalar', 'empty', 'flow', 'block', 'text'];

        // setKey, one value.
        {
          const key = keyAt(op.setAt, notMap);
          const out = setKey(g.text, key, op.setValue);
          const fm = frontmatter(out);
          expect(fm[key]).toBe(op.setValue);
          expect(without(fm, key)).toEqual(without(before, key));
          const b = blockOf(g, key);
          if (b) expectOnlyRegionChanged(g, out, b.at, b.lines.length, 1);
          else expectOnlyRegionChanged(g, out, g.closing, 0, 1);
        }

        // setKey, a list.
        {
          const key = keyAt(op.listAt, notMap);
          const out = setKey(g.text, key, op.listValue);
          const fm = frontmatter(out);
          expect(fm[key]).toEqual(op.listValue);
          expect(without(fm, key)).toEqual(without(before, key));
          const b = blockOf(g, key);
          if (!b) expectOnlyRegionChanged(g, out, g.closing, 0, 1);
          else if (out === g.text) expect(before[key]).toEqual(op.listValue);
          else if (b.shape === 'block' && op.listValue.length > 0) {
            const region = expectOnlyRegionChanged(g, out, b.at, b.lines.length, 1 + b.preItems + op.listValue.length);
            expect(region.slice(0, 1 + b.preItems)).toEqual(b.lines.slice(0, 1 + b.preItems));
          } else expectOnlyRegionChanged(g, out, b.at, b.lines.length, 1);
        }

        // A key holding nested keys is refused, not rewritten.
        const map = g.blocks.find((b) => b.shape === 'map');
        if (map) {
          expect(() => setKey(g.text, map.key, 'x')).toThrow(PlnError);
        }

        // unsetKey, any key.
        {
          const key = keyAt(op.unsetAt, null);
          if (unsetRefused(g, key)) {
            expect(() => unsetKey(g.text, key)).toThrow(/follows a ".\+" text/);
            return;
          }
          const out = unsetKey(g.text, key);
          expect(frontmatter(out)).toEqual(without(before, key));
          const b = blockOf(g, key);
          if (b) expectOnlyRegionChanged(g, out, b.at, b.lines.length, 0);
          else expect(out).toBe(g.text);
        }

        // addListItems, sometimes with items already there in another case.
        {
          const key = keyAt(op.addAt, notMap);
          const current = before[key];
          const existing = Array.isArray(current) ? current.filter((x): x is string => typeof x === 'string') : typeof current === 'string' ? [current] : [];
          const items = op.addExisting && existing.length ? [...op.addItems, existing[0]!.toUpperCase()] : op.addItems;
          const out = addListItems(g.text, key, items);
          const fm = frontmatter(out);
          const expected = addedList(current, items);
          expect(fm[key]).toEqual(expected);
          expect(without(fm, key)).toEqual(without(before, key));
          const b = blockOf(g, key);
          if (out === g.text) expect(expected).toEqual(current);
          else if (!b) expectOnlyRegionChanged(g, out, g.closing, 0, 1);
          else if (b.shape === 'block') {
            const added = (expected as unknown[]).length - (current as unknown[]).length;
            const region = expectOnlyRegionChanged(g, out, b.at, b.lines.length, b.lines.length + added);
            expect(region.slice(0, b.lines.length)).toEqual(b.lines);
          } else expectOnlyRegionChanged(g, out, b.at, b.lines.length, 1);
        }

        // removeListItems: some present items (in another case) and one that is not.
        {
          const key = keyAt(op.removeAt, notMap);
          const current = before[key];
          const list = Array.isArray(current) ? (current as string[]) : typeof current === 'string' ? [current] : [];
          const drop = [...op.removePick.filter(() => list.length > 0).map((n) => list[n % list.length]!.toUpperCase()), op.removeExtra];
          const dropped = (s: string) => drop.some((d) => d.trim() !== '' && fold(d.trim()) === fold(s));
          if (typeof current === 'string' && dropped(current) && unsetRefused(g, key)) {
            expect(() => removeListItems(g.text, key, drop)).toThrow(/follows a ".\+" text/);
            return;
          }
          const out = removeListItems(g.text, key, drop);
          const fm = frontmatter(out);
          const b = blockOf(g, key);
          if (Array.isArray(current)) {
            const kept = current.filter((x) => !(typeof x === 'string' && dropped(x)));
            expect(fm[key]).toEqual(kept);
            if (kept.length === current.length) expect(out).toBe(g.text);
            else if (b!.shape === 'block' && kept.length > 0) expectOnlyRegionChanged(g, out, b!.at, b!.lines.length, b!.lines.length - (current.length - kept.length));
            else expectOnlyRegionChanged(g, out, b!.at, b!.lines.length, 1);
          } else if (typeof current === 'string' && dropped(current)) {
            expect(key in fm).toBe(false);
            expectOnlyRegionChanged(g, out, b!.at, b!.lines.length, 0);
          } else {
            expect(out).toBe(g.text);
          }
          expect(without(fm, key)).toEqual(without(before, key));
        }

        // insertLogEntry.
        {
          const dates = g.log ? entryDates(g.lines, g.log.heading + 1, g.log.end) : [];
          const entryDate = op.log.date === 'existing' ? (dates[0]?.date ?? '2026-06-15') : op.log.date;
          const line = op.log.kind ? `- ${entryDate} ${op.log.kind}: ${op.log.text}` : `- ${entryDate}: ${op.log.text}`;
          const out = insertLogEntry(g.text, { date: entryDate, kind: op.log.kind, text: op.log.text });
          if (!g.log) {
            expectSectionAppended(g, out, '## Log', line);
          } else {
            const s = g.log;
            const i = expectOneLineInserted(g, out, line);
            expect(i).toBeGreaterThan(s.heading);
            expect(i).toBeLessThanOrEqual(s.end);
            const afterDates = entryDates(out.split(g.eol), s.heading + 1, s.end + 1);
            const k = afterDates.findIndex((e) => e.i === i);
            const sorted = dates.every((e, n) => n === 0 || dates[n - 1]!.date >= e.date);
            const ascending = !sorted && dates.every((e, n) => n === 0 || dates[n - 1]!.date <= e.date);
            if (dates.length === 0) {
              expect(i).toBe(g.lines[s.heading + 1]?.trim() === '' && s.heading + 1 < s.end ? s.heading + 2 : s.heading + 1);
            } else if (sorted) {
              // Still sorted, above entries of the same day.
              expect(afterDates.map((e) => e.date)).toEqual(
                afterDates
                  .map((e) => e.date)
                  .sort()
                  .reverse(),
              );
              if (k + 1 < afterDates.length) expect(afterDates[k + 1]!.date <= entryDate).toBe(true);
              if (k > 0) expect(afterDates[k - 1]!.date > entryDate).toBe(true);
            } else if (ascending) {
              // A log kept oldest first stays so, below entries of the same day.
              expect(afterDates.map((e) => e.date)).toEqual(afterDates.map((e) => e.date).sort());
              if (k > 0) expect(afterDates[k - 1]!.date <= entryDate).toBe(true);
              if (k + 1 < afterDates.length) expect(afterDates[k + 1]!.date > entryDate).toBe(true);
            } else {
              expect(k).toBe(0);
            }
          }
          expect(frontmatter(out)).toEqual(before);
        }

        // insertFollowUp, then tick it.
        {
          const { text, due } = op.followUp;
          const line = `- [ ] ${text}${due ? ` 📅 ${due}` : ''}`;
          const out = insertFollowUp(g.text, { text, due });
          let at: number;
          if (!g.followUps) {
            expectSectionAppended(g, out, '## Follow-ups', line);
            at = out.split(g.eol).lastIndexOf(line);
          } else {
            const s = g.followUps;
            at = expectOneLineInserted(g, out, line);
            expect(at).toBeGreaterThan(s.heading);
            expect(at).toBeLessThanOrEqual(s.end);
            let lastItem = -1;
            for (const j of unfenced(g.lines, s.heading + 1, s.end)) if (LIST_ITEM_RE.test(g.lines[j]!)) lastItem = j;
            if (lastItem === -1) {
              expect(at).toBe(g.lines[s.heading + 1]?.trim() === '' && s.heading + 1 < s.end ? s.heading + 2 : s.heading + 1);
            } else {
              // After the last item and its indented continuation lines, nothing else.
              expect(at).toBeGreaterThan(lastItem);
              for (let j = lastItem + 1; j < at; j++) expect(g.lines[j]).toMatch(/^[ \t]+\S/);
              if (at < s.end) expect(g.lines[at]).not.toMatch(/^[ \t]+\S/);
            }
          }
          const done = markFollowUpDone(out, at + 1, '2026-11-29');
          const outLines = out.split(g.eol);
          const doneLines = done.split(g.eol);
          expect(doneLines.length).toBe(outLines.length);
          expect(doneLines.filter((l, j) => l !== outLines[j])).toEqual([`- [x] ${text}${due ? ` 📅 ${due}` : ''} ✅ 2026-11-29`]);
          expect(frontmatter(done)).toEqual(before);
        }

        // markFollowUpDone on a task already in the file.
        if (g.followUps) {
          const open = g.lines.findIndex((l, j) => j > g.followUps!.heading && j < g.followUps!.end && l.startsWith('- [ ] '));
          if (open >= 0) {
            const done = markFollowUpDone(g.text, open + 1, '2026-11-29');
            const lines = done.split(g.eol);
            expect(lines.filter((l, j) => l !== g.lines[j])).toHaveLength(1);
            expect(lines[open]).toBe(`${g.lines[open]!.replace('- [ ]', '- [x]')} ✅ 2026-11-29`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('yamlScalar', () => {
  const numberish = fc.stringMatching(/^[-+]?[0-9._:eExXoObB,]{1,8}$/);
  const keyword = fc.constantFrom('yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '.nan', '-.inf', '<<', '=', '2026-11-29T10:00:00Z', '2026-1-5 10:00', '2026-1-5');
  const anyString = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 20 }), numberish, keyword, freeText);

  it('reads back as the same string in pln, YAML 1.2 and YAML 1.1 readers', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const block = yamlScalar(s);
        const flow = yamlScalar(s, { flow: true });
        expect(block).not.toMatch(/[\r\n]/);
        expect(parseYaml(`k: ${block}\nl: [${flow}, ${flow}]\nm:\n  - ${block}\n`).doc.toJS()).toEqual({ k: s, l: [s, s], m: [s] });
        // Calendar dates stay plain on purpose: the file format writes them so.
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
          for (const version of ['1.2', '1.1'] as const) {
            const doc = parseDocument(`k: ${block}\nl: [${flow}]\n`, { version });
            expect(doc.errors).toEqual([]);
            expect(doc.toJS()).toEqual({ k: s, l: [s] });
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
