/**
 * The fuzzed round trip: for generated hand-written-looking contact files,
 * parse → every edit operation → parse again gives the intended change, and
 * every byte outside the edited lines is identical. Parsing never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addListItems, insertFollowUp, insertLogEntry, markFollowUpDone, removeListItems, setKey, unsetKey } from '../../src/file/edit.js';
import { parseContact } from '../../src/file/parse.js';
import { fuzzRuns } from '../helpers/fuzz.js';

const RUNS = fuzzRuns(1000);

interface KeyBlock {
  key: string;
  lines: string[];
}

interface Generated {
  text: string;
  eol: string;
  /** Index of the first frontmatter key line in the file's lines. */
  first: number;
  blocks: KeyBlock[];
  hasLog: boolean;
  hasFollowUps: boolean;
}

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
/** Values as people write them inside a flow list `[a, b]`. */
const flowItem = fc.oneof(
  word,
  fc.constantFrom('0123456', '01234', '1e3', '2024-01-05', 'yes', 'null', '~', '3.10', '0x1F'),
  word.map((w) => `"${w} with spaces"`),
  word.map((w) => `'${w}'`),
);
/** Values on their own line may also be free text with commas. */
const scalar = fc.oneof(
  flowItem,
  fc.stringMatching(/^[A-Za-z][A-Za-z ,.!?-]{0,30}[A-Za-z]$/).filter((s) => !s.includes(': ') && !s.includes(' #')),
);
const comment = fc.option(
  word.map((w) => `  # ${w}`),
  { nil: '' },
);

/** One key's lines: scalar, flow list, block list or nested map, maybe commented. */
const valueLines = (key: string) =>
  fc.oneof(
    fc.tuple(scalar, comment).map(([v, c]) => [`${key}: ${v}${c}`]),
    fc.tuple(fc.array(flowItem, { maxLength: 4 }), comment).map(([vs, c]) => [`${key}: [${vs.join(', ')}]${c}`]),
    fc.array(scalar, { minLength: 1, maxLength: 3 }).map((vs) => [`${key}:`, ...vs.map((v) => `  - ${v}`)]),
    fc.array(fc.tuple(word, scalar), { minLength: 1, maxLength: 3 }).map((kv) => [`${key}:`, ...[...new Map(kv)].map(([k, v]) => `  ${k}: ${v}`)]),
  );

const bodyLine = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 .,;:!?'"()*_-]{0,60}$/), fc.constant(''), fc.constant('- a plain list item'), fc.constant('### a small heading'));

const generated: fc.Arbitrary<Generated> = fc
  .record({
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    keys: fc.uniqueArray(
      word.filter((w) => !['name', 'tags', 'role', 'y', 'n', 'on', 'off', 'yes', 'no', 'null'].includes(w)),
      { maxLength: 6 },
    ),
    tags: fc.option(fc.oneof(fc.constant('flow'), fc.constant('block'), fc.constant('scalar')), { nil: null }),
    tagValues: fc.uniqueArray(word, { minLength: 1, maxLength: 3 }),
    leadingComment: fc.boolean(),
    notes: fc.array(bodyLine, { maxLength: 5 }),
    log: fc.option(fc.array(fc.tuple(fc.integer({ min: 1, max: 28 }), word), { maxLength: 4 }), { nil: null }),
    followups: fc.option(fc.array(fc.tuple(fc.boolean(), word), { maxLength: 3 }), { nil: null }),
  })
  .chain((r) => fc.tuple(fc.constant(r), fc.tuple(...r.keys.map((k) => valueLines(k)))))
  .map(([r, values]) => {
    const eol = r.crlf ? '\r\n' : '\n';
    const blocks: KeyBlock[] = [{ key: 'name', lines: ['name: Test Person'] }];
    r.keys.forEach((k, i) => blocks.push({ key: k, lines: values[i]! }));
    if (r.tags === 'flow') blocks.push({ key: 'tags', lines: [`tags: [${r.tagValues.join(', ')}]`] });
    if (r.tags === 'block') blocks.push({ key: 'tags', lines: ['tags:', ...r.tagValues.map((t) => `  - ${t}`)] });
    if (r.tags === 'scalar') blocks.push({ key: 'tags', lines: [`tags: ${r.tagValues[0]}`] });
    const lines = ['---'];
    if (r.leadingComment) lines.push('# written by hand');
    const first = lines.length;
    for (const b of blocks) lines.push(...b.lines);
    lines.push('---', ...r.notes);
    if (r.log) {
      lines.push('', '## Log');
      const sorted = [...r.log].sort((a, b) => b[0] - a[0]);
      for (const [day, w] of sorted) lines.push(`- 2026-10-${String(day).padStart(2, '0')} call: ${w}`);
    }
    if (r.followups) {
      lines.push('', '## Follow-ups');
      for (const [done, w] of r.followups) lines.push(done ? `- [x] ${w} ✅ 2026-10-01` : `- [ ] ${w} 📅 2026-12-01`);
    }
    let text = lines.join(eol);
    if (r.finalNewline) text += eol;
    if (r.bom) text = `\uFEFF${text}`;
    return { text, eol, first, blocks, hasLog: r.log !== null, hasFollowUps: r.followups !== null };
  });

const parse = (text: string) => parseContact(text, { file: 'contacts/t.md', slug: 't' });

/** Lines of the file outside one key's block. */
function outside(g: Generated, key: string): { before: string[]; after: string[] } {
  const lines = g.text.split(g.eol);
  let at = g.first;
  for (const b of g.blocks) {
    if (b.key === key) return { before: lines.slice(0, at), after: lines.slice(at + b.lines.length) };
    at += b.lines.length;
  }
  throw new Error(`no key ${key}`);
}

/** Asserts `after` = `before` with the block of `key` replaced (or a line inserted before the fence). */
function onlyKeyChanged(g: Generated, key: string, after: string): void {
  const lines = after.split(g.eol);
  const block = g.blocks.find((b) => b.key === key);
  if (block) {
    const { before, after: rest } = outside(g, key);
    expect(lines.slice(0, before.length)).toEqual(before);
    expect(lines.slice(lines.length - rest.length)).toEqual(rest);
  } else {
    const orig = g.text.split(g.eol);
    const fence = orig.indexOf('---', 1);
    expect(lines.slice(0, fence)).toEqual(orig.slice(0, fence));
    expect(lines.slice(fence + 1)).toEqual(orig.slice(fence));
  }
}

/** Asserts exactly one line was inserted and returns it. */
function oneLineInserted(before: string, after: string, eol: string): string {
  const a = before.split(eol);
  const b = after.split(eol);
  expect(b.length).toBe(a.length + 1);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  expect(b.slice(i + 1)).toEqual(a.slice(i));
  return b[i]!;
}

const settings = { numRuns: RUNS };

describe('fuzzed round trip', () => {
  it('parse never throws, and reads every generated file', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = parse(g.text);
        expect(r.contact?.name).toBe('Test Person');
      }),
      settings,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => void parse(s)),
      settings,
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }).map((s) => `---\n${s}\n---\n${s}`),
        (s) => void parse(s),
      ),
      settings,
    );
  });

  it('set changes only that key, to the value asked', () => {
    fc.assert(
      fc.property(
        generated,
        fc.oneof(
          scalar.map((s) => s.replace(/^["']|["']$/g, '')),
          word,
        ),
        fc.constantFrom('role', 'name', 'extra'),
        (g, value, key) => {
          // Any existing key that does not hold nested keys (those are refused, tested elsewhere).
          const last = g.blocks[g.blocks.length - 1]!;
          const keyToSet = key === 'extra' && g.blocks.length > 1 && !/^ {2}[a-z0-9]+: /.test(last.lines[1] ?? '') ? last.key : key === 'extra' ? 'role' : key;
          const after = setKey(g.text, keyToSet, value);
          const r = parse(after);
          if (keyToSet === 'name' && value.trim() === '') return;
          expect(r.contact?.frontmatter[keyToSet]).toBe(value);
          onlyKeyChanged(g, keyToSet, after);
          expect(after.startsWith('\uFEFF')).toBe(g.text.startsWith('\uFEFF'));
          if (g.eol === '\r\n') expect(after.replace(/\r\n/g, '')).not.toContain('\n');
        },
      ),
      settings,
    );
  });

  it('unset removes only that key', () => {
    fc.assert(
      fc.property(
        generated.filter((g) => g.blocks.length > 1),
        fc.nat(),
        (g, n) => {
          const block = g.blocks[1 + (n % (g.blocks.length - 1))]!;
          const after = unsetKey(g.text, block.key);
          const { before, after: rest } = outside(g, block.key);
          expect(after.split(g.eol)).toEqual([...before, ...rest]);
          expect(parse(after).contact!.frontmatter[block.key]).toBeUndefined();
        },
      ),
      settings,
    );
  });

  it('tag and untag change only the tags', () => {
    fc.assert(
      fc.property(generated, word, (g, tag) => {
        const added = addListItems(g.text, 'tags', [tag]);
        const tags = parse(added).contact!.tags;
        expect(tags.map((t) => t.toLowerCase())).toContain(tag);
        onlyKeyChanged(g, 'tags', added);
        const removed = removeListItems(added, 'tags', [tag]);
        expect(parse(removed).contact!.tags.map((t) => t.toLowerCase())).not.toContain(tag);
        const old = parse(g.text).contact!.tags;
        expect(parse(removed).contact!.tags).toEqual(old.filter((t) => t.toLowerCase() !== tag));
      }),
      settings,
    );
  });

  it('log inserts one line (or a new section at the end), newest first', () => {
    fc.assert(
      fc.property(generated, fc.integer({ min: 1, max: 28 }), word, (g, day, w) => {
        const date = `2026-10-${String(day).padStart(2, '0')}`;
        const after = insertLogEntry(g.text, { date, kind: 'coffee', text: `fuzz ${w}` });
        const log = parse(after).contact!.log;
        expect(log.filter((e) => e.text === `fuzz ${w}` && e.date === date && e.kind === 'coffee')).toHaveLength(1);
        const dates = log.map((e) => e.date);
        expect(dates).toEqual([...dates].sort().reverse());
        if (g.hasLog) expect(oneLineInserted(g.text, after, g.eol)).toBe(`- ${date} coffee: fuzz ${w}`);
        else expect(after.startsWith(g.text.endsWith(g.eol) || g.text === '' ? g.text : g.text)).toBe(true);
      }),
      settings,
    );
  });

  it('follow-up and done change one line each', () => {
    fc.assert(
      fc.property(generated, word, (g, w) => {
        const after = insertFollowUp(g.text, { text: `fuzz ${w}`, due: '2026-12-24' });
        const f = parse(after).contact!.followups.find((x) => x.text === `fuzz ${w}`)!;
        expect(f).toMatchObject({ due: '2026-12-24', done: false });
        if (g.hasFollowUps) oneLineInserted(g.text, after, g.eol);
        const done = markFollowUpDone(after, f.line, '2026-11-29');
        const lines = done.split(g.eol);
        const orig = after.split(g.eol);
        expect(lines.length).toBe(orig.length);
        expect(lines.filter((l, i) => l !== orig[i])).toEqual([`- [x] fuzz ${w} 📅 2026-12-24 ✅ 2026-11-29`]);
        expect(parse(done).contact!.followups.find((x) => x.text === `fuzz ${w}`)).toMatchObject({ done: true, doneDate: '2026-11-29' });
      }),
      settings,
    );
  });
});
