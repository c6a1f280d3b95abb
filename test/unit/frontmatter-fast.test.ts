/**
 * The fast frontmatter reader against the YAML parser: on every generated
 * input the fast path accepts, both read the same values and key lines; and
 * it does accept the frontmatter most files have.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/file/frontmatter.js';
import { parseContact, readFrontmatterWithYaml } from '../../src/file/parse.js';
import { fuzzRuns } from '../helpers/fuzz.js';

// Characters that mean something to YAML somewhere, and some that do not.
const CHARS = [...'abcxyzABZ019 _-.,:;#[]{}"\'!&*|>%@`?=+/\\()<~^$', '\t', '\r', '\u00a0', '\u0085', '\u2028', '\ufeff', '\u0007', 'é', 'ß', '📅', '中'];
const char = fc.constantFrom(...CHARS);
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijk'), minLength: 1, maxLength: 6 });
const text = fc.string({ unit: char, maxLength: 14 });
// Mostly plain words, sometimes anything.
const scalarText = fc.oneof({ weight: 8, arbitrary: fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')) }, { weight: 2, arbitrary: text });
const value = fc.oneof(
  { weight: 4, arbitrary: scalarText },
  { weight: 1, arbitrary: scalarText.map((s) => `"${s}"`) },
  { weight: 1, arbitrary: scalarText.map((s) => `'${s}'`) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          scalarText,
          scalarText.map((s) => `"${s}"`),
        ),
        { maxLength: 4 },
      )
      .map((xs) => `[${xs.join(', ')}]`),
  },
  { weight: 1, arbitrary: fc.constant('') },
);
const key = fc.oneof({ weight: 12, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'name', 'a b', '1x', '-k', 'k:', '"q"', '? x') });
const indent = fc.constantFrom('', ' ', '  ', '    ');
const comment = fc.constantFrom('', '', ' # note', '#x', ' #');
const sep = fc.constantFrom(' ', ' ', '  ', '');

const entry = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(key, sep, value, comment).map(([k, s, v, c]) => [`${k}:${s}${v}${c}`]) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, indent, fc.array(fc.tuple(fc.oneof(value, fc.constant('')), comment), { minLength: 1, maxLength: 3 }))
      .map(([k, ind, items]) => [`${k}:`, ...items.map(([v, c]) => `${ind}-${v === '' ? '' : ' '}${v}${c}`)]),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(key, indent, fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 })).map(([k, ind, pairs]) => [`${k}:`, ...pairs.map(([k2, v]) => `${ind}${k2}: ${v}`)]),
  },
  { weight: 1, arbitrary: fc.constantFrom(['# a comment'], [''], ['   '], ['# x'], ['  indented: x'], ['- item'], ['  continued']) },
);
const document = fc.tuple(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([entries, crlf]) => entries.flat().join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n'));

describe('parseSimpleYaml', () => {
  it('agrees with the YAML parser wherever it does not step aside', () => {
    let accepted = 0;
    const runs = fuzzRuns(30_000);
    fc.assert(
      fc.property(document, (yaml) => {
        const fast = parseSimpleYaml(yaml, 2);
        if (fast === null) return true;
        accepted++;
        const slow = readFrontmatterWithYaml(yaml, 2);
        expect(slow, `the YAML parser has a problem with:\n${yaml}`).not.toBeNull();
        expect(isDeepStrictEqual(fast.values, slow!.values), `values of:\n${JSON.stringify(yaml)}\nfast ${JSON.stringify(fast.values)}\nyaml ${JSON.stringify(slow!.values)}`).toBe(true);
        expect(isDeepStrictEqual(fast.lines, slow!.lines), `lines of:\n${JSON.stringify(yaml)}`).toBe(true);
        expect(fast.keys).toEqual(Object.keys(slow!.values));
        return true;
      }),
      { numRuns: runs },
    );
    // The generator must exercise the fast path, not only the bail-outs (about a fifth of the cases).
    expect(accepted).toBeGreaterThan(runs / 8);
  });

  it('reads the frontmatter of a typical contact itself', () => {
    const yaml = [
      'name: Ada Lovelace',
      'aliases: [Ada]',
      'tags: [mentor, rust-community]',
      'expertise: [compilers, rust, distributed systems]',
      'company: Analytical Engines   # since 2024',
      'email: ada@example.com',
      'links:',
      '  github: https://github.com/ada',
      'knows:',
      '  - charles-babbage',
      '  - "[[alan-turing|Alan]]"',
      "introduced_by: '[[grace-hopper]]'",
      'zip: 01234',
      'added: 2025-02-11',
      '',
    ].join('\n');
    const fast = parseSimpleYaml(yaml, 2);
    expect(fast).not.toBeNull();
    const slow = readFrontmatterWithYaml(yaml, 2);
    expect(isDeepStrictEqual(fast!.values, slow!.values)).toBe(true);
    expect(isDeepStrictEqual(fast!.lines, slow!.lines)).toBe(true);
    expect(fast!.keys).toEqual(Object.keys(slow!.values));
    expect(fast!.values.company).toBe('Analytical Engines');
    expect(fast!.lines.links).toBe(8);
  });

  it('steps aside for what it does not read itself', () => {
    for (const yaml of ['a: &x 1\nb: *x\n', 'a: |\n  text\n', 'a: "esc\\n"\n', 'a: b\n  continued\n', 'a: 1\na: 2\n', 'a:\tb\n', '- just\n- a list\n', '# only a comment\n']) {
      expect(parseSimpleYaml(yaml, 2), yaml).toBeNull();
    }
  });

  it('gives parseContact the same warnings either way (special keys, BOM)', () => {
    const simple = '\ufeff---\nname: Proto\n__proto__: kept\n---\n';
    const viaYaml = '\ufeff---\nname: Proto\n__proto__: kept\nx: &a 1\n---\n';
    const a = parseContact(simple, { file: 'p.md', slug: 'p' });
    const b = parseContact(viaYaml, { file: 'p.md', slug: 'p' });
    expect(a.problems.map((p) => p.message)).toEqual(b.problems.map((p) => p.message));
    expect(a.problems).toHaveLength(2);
    expect(Object.getPrototypeOf(a.contact!.frontmatter)).toBeNull();
    expect(a.contact!.frontmatter.__proto__).toBe('kept');
  });
});
