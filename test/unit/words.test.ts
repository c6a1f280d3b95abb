import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, words, wordsInto } from '../../src/domain/text.js';
import { fuzzRuns } from '../helpers/fuzz.js';

/** The plain definition: fold, then split on everything but letters, digits, + and #. */
const reference = (s: string) =>
  fold(s)
    .split(/[^\p{L}\p{N}+#]+/u)
    .filter((w) => w !== '');

describe('words', () => {
  it.each(['', ' ', 'Rust', 'rust lang', ' rust', 'rust ', 'rust  lang', 'C++ and C#', 'e-mail, 2FA!', 'Zoë Müller', 'Straße', 'a\tb', 'Ünïcödé after ASCII', 'x'])(
    '%j as the plain definition, clean when its words joined by one space',
    (s) => {
      const out: string[] = ['before'];
      const clean = wordsInto(s, out);
      expect(out).toEqual(['before', ...reference(s)]);
      expect(words(s)).toEqual(reference(s));
      expect(clean).toBe(fold(s) === reference(s).join(' '));
    },
  );

  it('agrees with the plain definition on random text', () => {
    const char = fc.constantFrom('a', 'Z', 'q', '0', '9', '+', '#', ' ', ' ', '-', ',', '\t', '\n', 'é', 'ß', 'Ø', '𝔸', '日', '\u0301', '_', '.');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const s = chars.join('');
        const out: string[] = [];
        const clean = wordsInto(s, out);
        expect(out).toEqual(reference(s));
        expect(clean).toBe(fold(s) === out.join(' '));
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });
});
