import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/contact.js';
import { parseContact } from '../../src/file/parse.js';
import { encodeTerms, scoreTerms, termRow, TermQuery, Vocab } from '../../src/index/terms.js';
import { FIELD_WEIGHTS, Query, scoreContact, SEARCH_WEIGHTS, type Field } from '../../src/index/who.js';

function person(slug: string, front: string, body = ''): Contact {
  const { contact, problems } = parseContact(`---\n${front}\n---\n${body}`, { file: `contacts/${slug}.md`, slug });
  if (!contact) throw new Error(problems.map((p) => p.message).join('; '));
  return contact;
}

/** who over word ids, as the command runs it: encode everyone, then score. */
function viaTerms(contacts: Contact[], query: string, weights: Record<Field, number> = FIELD_WEIGHTS) {
  const vocab = new Vocab();
  const blocks = contacts.map((c) => encodeTerms(c, vocab));
  const tq = new TermQuery(new Query(query), vocab);
  return contacts.map((c, i) => {
    const s = scoreTerms(blocks[i]!, tq, weights);
    return s && termRow(c, s);
  });
}

const direct = (contacts: Contact[], query: string, weights: Record<Field, number> = FIELD_WEIGHTS) => contacts.map((c) => scoreContact(c, query, weights));

const people = [
  person(
    'a',
    'name: Ada Lovelace\naliases: [Countess]\nexpertise: [machine learning, rust]\nrole: ML lead\ncompany: Rusty Co',
    'Knows Kubernetes well.\n\n## Log\n- 2026-01-02 coffee: talked about rust compilers #rust\n',
  ),
  person('b', 'name: Bo Li\nexpertise: [distributed systems]\ntags: [ML]', 'Works on distributed  systems!\n'),
  person('c', 'name: Cy Dee\nexpertise: ["C++", "c#"]\npast_companies: [Trust Bank]', 'Just must trust.\n'),
  person('d', `name: ${'Zoë Müller'.normalize('NFD')}\nexpertise: [Straße, Øresund]`, 'Kubernets typo here.\n'),
];

describe('who over word ids', () => {
  it.each(['rust', 'ml', 'machine learning', 'learning machine', 'distributed systems', 'kubernetes', 'kubernets', 'c++', 'C#', 'strasse', 'zoe', 'trust bank', 'nothing at all here', '!!!'])(
    'scores %j exactly as scoreContact does',
    (query) => {
      expect(viaTerms(people, query)).toEqual(direct(people, query));
      expect(viaTerms(people, query, SEARCH_WEIGHTS)).toEqual(direct(people, query, SEARCH_WEIGHTS));
    },
  );

  it('finds typos, prefixes, acronyms and whole values', () => {
    const rows = viaTerms(people, 'ml');
    expect(rows[0]?.matches.map((m) => m.field)).toEqual(['expertise', 'role']);
    expect(rows[1]?.score).toBe(0.8);
    expect(viaTerms(people, 'kubernets')[0]?.matches).toEqual([{ field: 'notes', value: 'Knows Kubernetes well.' }]);
  });

  it('agrees with scoreContact on random values and queries', () => {
    const word = fc.constantFrom('rust', 'rusty', 'trust', 'ml', 'machine', 'learning', 'kubernetes', 'kubernets', 'C++', 'Zoë', 'zoe', 'ß', 'data', 'dat', 'a', '', '𝔸lpha', '𝔹eta', '𝔸𝔹');
    const sep = fc.constantFrom(' ', '  ', ', ', '-', '!', '\t', ' & ');
    const text = fc.array(fc.tuple(word, sep), { maxLength: 7 }).map((parts) =>
      parts
        .map(([w, s]) => w + s)
        .join('')
        .trim(),
    );
    const quoted = text.map((t) => JSON.stringify(t));
    const contact = fc
      .record({
        expertise: fc.array(quoted, { maxLength: 3 }),
        tags: fc.array(fc.constantFrom('ml', 'rust', 'data-eng'), { maxLength: 2 }),
        role: quoted,
        notes: fc.array(text, { maxLength: 4 }),
        log: fc.array(text, { maxLength: 4 }),
      })
      .map((r) =>
        person(
          'p',
          `name: Pat Doe\nexpertise: [${r.expertise.join(', ')}]\ntags: [${r.tags.join(', ')}]\nrole: ${r.role}`,
          `${r.notes.join('\n')}\n\n## Log\n${r.log.map((t) => `- 2026-01-02 ${t}`).join('\n')}\n`,
        ),
      );
    fc.assert(
      fc.property(fc.array(contact, { minLength: 1, maxLength: 4 }), text, (contacts, query) => {
        expect(viaTerms(contacts, query)).toEqual(direct(contacts, query));
        // The bound that lets a person be skipped unscored is never below their score.
        const vocab = new Vocab();
        const blocks = contacts.map((c) => encodeTerms(c, vocab));
        const tq = new TermQuery(new Query(query), vocab);
        for (const weights of [FIELD_WEIGHTS, SEARCH_WEIGHTS]) {
          for (const block of blocks) {
            const scored = scoreTerms(block, tq, weights);
            if (scored) expect(tq.bound(block, weights) + 0.001).toBeGreaterThanOrEqual(scored.score);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('skips unscored only the people who cannot score: none, or under the floor asked for', () => {
    const vocab = new Vocab();
    const blocks = people.map((c) => encodeTerms(c, vocab));
    const bound = (query: string, i: number) => new TermQuery(new Query(query), vocab).bound(blocks[i]!, FIELD_WEIGHTS);
    // Expertise (rust), company (Rusty: a prefix) and log (rust): the best weight and two more fields.
    expect(bound('rust', 0)).toBeCloseTo(1 + 0.03 * 2);
    // No word of Bo's is near it, and at ten letters it is no acronym.
    expect(bound('kubernetes', 1)).toBe(0);
    // Four letters: Bo's four-word note could be its acronym (it is not).
    expect(bound('rust', 1)).toBe(0.35);
    // Past companies (Trust Bank) and notes (trust).
    expect(bound('trust', 2)).toBeCloseTo(0.4 + 0.03);
    // Tags (ML), and expertise and name, whose two words could be its acronym (they are not: a bound is only a bound).
    expect(bound('ml', 1)).toBeCloseTo(1 + 0.03 * 2);
    expect(scoreTerms(blocks[1]!, new TermQuery(new Query('ml'), vocab), FIELD_WEIGHTS)?.score).toBe(0.8);
  });
});
