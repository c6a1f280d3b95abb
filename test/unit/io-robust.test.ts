import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { parseCsvPeople, readCsv, toCsv } from '../../src/io/csv.js';
import { detectFormat } from '../../src/io/detect.js';
import { exportVcard } from '../../src/io/export-vcard.js';
import { parseJsonPeople } from '../../src/io/json.js';
import { parseLinkedin } from '../../src/io/linkedin.js';
import type { ExportPerson } from '../../src/io/types.js';
import { parseVcard } from '../../src/io/vcard.js';
import { fuzzRuns } from '../helpers/fuzz.js';

// Text built from the pieces the parsers care about, so the fuzz reaches their edge cases.
const PIECES = ['BEGIN:VCARD', 'END:VCARD', 'FN:', 'N:', 'BDAY:', ';', ',', ':', '"', '\\', '\r\n', '\n', ' ', '\t', '=', 'é', '🚀', 'First Name,Last Name,Connected On', 'name', 'a'];
const hostileText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

/** Every outcome but a PlnError is a bug: the user would see a stack trace. */
function returnsOrPlnError(parse: (text: string) => unknown, text: string): boolean {
  try {
    parse(text);
    return true;
  } catch (err) {
    return err instanceof PlnError;
  }
}

describe('importers on hostile text', () => {
  it('either read it or throw a PlnError, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string()), (text) => {
        expect(returnsOrPlnError(parseVcard, text)).toBe(true);
        expect(returnsOrPlnError(parseCsvPeople, text)).toBe(true);
        expect(returnsOrPlnError(parseLinkedin, text)).toBe(true);
        expect(returnsOrPlnError(parseJsonPeople, text)).toBe(true);
        // A broken CSV quote hiding the header is reported as such.
        expect(returnsOrPlnError(detectFormat, text)).toBe(true);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });
});

describe('writers read back by their readers', () => {
  it('CSV: any rows of any strings', () => {
    const rows = fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rows, (r) => {
        expect(readCsv(toCsv(r)).map((rec) => rec.fields)).toEqual(r);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('vCard: names, notes, tags, company and role with any characters', () => {
    // The importer trims values, so the generated ones are trimmed and non-empty.
    const value = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
      .map((s) => s.replace(/[\r\n]/g, ' ').trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(value, value, fc.array(value, { maxLength: 3 }), value, value, (name, notes, tags, company, role) => {
        const uniqueTags = [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()];
        const person: ExportPerson = {
          slug: 's',
          name,
          emails: ['a@b.c'],
          phones: [],
          company,
          role,
          location: null,
          tags: uniqueTags,
          expertise: [],
          links: {},
          notes,
          birthday: null,
          cadence_days: null,
          last_contact: null,
          due_date: null,
        };
        const [back] = parseVcard(exportVcard([person])).people;
        expect(back).toMatchObject({ name, notes, company, role, tags: uniqueTags, emails: ['a@b.c'] });
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });
});
