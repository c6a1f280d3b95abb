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
      }),
      { numRuns: 500 },
    );
  });
});
