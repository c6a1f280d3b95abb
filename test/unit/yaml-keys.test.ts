/**
 * Duplicate keys in frontmatter YAML are found by parseYaml in one pass
 * (src/file/frontmatter.ts), where the YAML parser's own check compares each
 * key with every earlier one: the same errors, at the same places.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/file/frontmatter.js';
import { fuzzRuns } from '../helpers/fuzz.js';

/** The errors of the YAML parser with its own check: code and offset. */
function parserErrors(text: string): [string, number][] {
  return parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false, strict: true }).errors.map((e) => [e.code, e.pos[0]]);
}

function ourErrors(text: string): [string, number][] {
  return parseYaml(text).doc.errors.map((e) => [e.code, e.pos[0]]);
}

describe('duplicate keys', () => {
  it('are found where the parser finds them: top level, nested, in flow maps and lists of maps', () => {
    for (const text of [
      'name: Ada\nname: Bob\n',
      'name: Ada\nlinks:\n  a: x\n  b: y\n  a: z\n',
      'name: Ada\nm: {a: 1, b: 2, a: 3}\n',
      'name: Ada\nl:\n  - a: 1\n    a: 2\n  - a: 3\n',
      'name: Ada\n"name": Bob\n',
      'name: Ada\n? [x]\n: 1\n? [x]\n: 2\n',
      ': a\n: b\n',
      'a: 1\nb: [\nc: 2\na: 3\n',
      'a: 1\nb: 2\n',
    ]) {
      expect(ourErrors(text), text).toEqual(parserErrors(text));
    }
  });

  // The parser puts a key after an empty value at the end of the line
  // before (`a:` then `a: 1`); ours is at the key itself.
  it('agree with the parser on generated maps, each at its key', () => {
    const key = fc.constantFrom('a', 'b', 'c', '"a"', "'b'", '');
    const entry = fc.tuple(key, fc.constantFrom('1', '[1, 2]', '{a: 1, a: 2}', '{a: 1}', ''));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.array(entry, { maxLength: 4 }), (top, nested) => {
        const text = top.map(([k, v]) => `${k}: ${v}\n`).join('') + (nested.length > 0 ? `n:\n${nested.map(([k, v]) => `  ${k}: ${v}\n`).join('')}` : '');
        const ours = ourErrors(text);
        expect(
          ours.map(([code]) => code),
          text,
        ).toEqual(parserErrors(text).map(([code]) => code));
        for (const [code, at] of ours) if (code === 'DUPLICATE_KEY') expect(text.slice(at), text).toMatch(/^ *("a"|'b'|[abc])?:/);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('a map of 80,000 keys is read in one pass, not compared pairwise', () => {
    const text = Array.from({ length: 80_000 }, (_, i) => `key${i}: v\n`).join('') + 'key7: again\n';
    const errors = ourErrors(text);
    expect(errors).toEqual([['DUPLICATE_KEY', text.lastIndexOf('key7: again')]]);
  });
});
