import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/contact.js';
import { parseContact } from '../../src/file/parse.js';
import { encodeTerms, PARTIAL_PERSON_MAX, scoreTerms, termRow, TermQuery, Vocab, type ScanFor } from '../../src/index/terms.js';
import { FIELD_WEIGHTS, FIELDS, fieldValues, Query, scoreContact, SEARCH_WEIGHTS, type Field } from '../../src/index/who.js';
import { words, wordsInto } from '../../src/domain/text.js';
import { fuzzRuns } from '../helpers/fuzz.js';

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

  it('encodes each value as its words and their ids, in one vocabulary, whether the words are new or known', () => {
    // Words longer than the encoder's first word buffer (64 characters) too.
    const word = fc.constantFrom('Rust', 'rust', 'RUST', 'rusty', 'C++', 'c#', 'Zoë', 'zoe', 'Straße', 'a1', '𝔸lpha', 'x', 'K8s', 'k8s', 'Long'.repeat(20), 'z'.repeat(300));
    const sep = fc.constantFrom(' ', '  ', ', ', '-', '\t', ' & ', '\n', '\n\n', ' \n ');
    const text = fc.array(fc.tuple(word, sep), { maxLength: 6 }).map((parts) => parts.map(([w, t]) => w + t).join(''));
    const plain = (c: Contact, words: string[]) => {
      const out: number[] = [];
      FIELDS.forEach((field, f) => {
        for (const value of fieldValues(c, field)) {
          const ws = wordsInto(value, []) ? 1 : 0;
          const list: string[] = [];
          wordsInto(value, list);
          out.push(f | (ws << 3) | (list.length << 4));
          for (const w of list) out.push(words.indexOf(w));
        }
      });
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 4 }), (people, known) => {
        // A vocabulary read from a file (some words known), then grown.
        const vocab = new Vocab(known.map((w) => words(w)[0]!).filter((w, i, all) => w && all.indexOf(w) === i));
        for (const [expertise, notes, log] of people) {
          const c = person('p', `name: Pat\nexpertise: [${JSON.stringify(expertise)}]`, `${notes}\n\n## Log\n- 2026-01-02 ${log.replace(/\n/g, ' ')}\n`);
          const block = Array.from(encodeTerms(c, vocab));
          expect(block).toEqual(plain(c, vocab.words));
          expect(new Set(vocab.words).size).toBe(vocab.words.length);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('keeps finding every word as the vocabulary grows past its hash table (and is read back from a file)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`);
    const c = person('p', 'name: Pat', `${many.join(' ')}\n${many.slice().reverse().join(', ').toUpperCase()}\n`);
    const vocab = new Vocab();
    const block = Array.from(encodeTerms(c, vocab));
    expect(vocab.words.length).toBe(many.length + 1);
    // Notes come after name and before log: find the two note values' ids.
    const notes = FIELDS.indexOf('notes');
    const values: number[][] = [];
    for (let at = 0; at < block.length; ) {
      const n = block[at]! >>> 4;
      if ((block[at]! & 7) === notes) values.push(block.slice(at + 1, at + 1 + n));
      at += 1 + n;
    }
    expect(values.map((ids) => ids.map((id) => vocab.words[id]))).toEqual([many, many.slice().reverse()]);
    // A vocabulary read back (as from the terms file) finds the same ids without adding any.
    const again = new Vocab(vocab.words.slice());
    expect(Array.from(encodeTerms(c, again))).toEqual(block);
    expect(again.words.length).toBe(vocab.words.length);
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
        // A pass for one query marks every block another query scores in (see ScanFor).
        const vocab = new Vocab();
        const blocks = contacts.map((c) => encodeTerms(c, vocab));
        const asks = [query, 'rust', 'machine learning', 'ml', query.split(' ').reverse().join(' ')].map((q, i) => ({ tq: new TermQuery(new Query(q), vocab), minScore: i % 2 === 0 ? 0 : 0.7 }));
        const bitOf = new Map<string, number>();
        for (const { tq } of asks) for (const w of tq.query.words) if (!bitOf.has(w)) bitOf.set(w, bitOf.size);
        fc.pre(bitOf.size <= 32);
        const mask = new Uint32Array(vocab.words.length);
        for (const { tq } of asks) tq.query.words.forEach((w, i) => tq.markWord(i, (1 << bitOf.get(w)!) >>> 0, mask));
        const bitsOf = (tq: TermQuery) => tq.query.words.reduce((bits, w) => (bits | (1 << bitOf.get(w)!)) >>> 0, 0);
        const others = asks.slice(1);
        const scan: ScanFor = {
          mask,
          own: bitsOf(asks[0]!.tq),
          bits: others.map((a) => bitsOf(a.tq)),
          all: others.map((a) => a.minScore - 0.001 > PARTIAL_PERSON_MAX),
          acronym: others.map((a) => (a.tq.acronym > 0 ? a.tq.acronym : -1)),
          found: new Uint32Array(blocks.length),
          within: false,
        };
        // A spelling holding a one-word query's word, asked for a good match, is marked by a pass that looks only at the values matching that word.
        const one = asks[0]!.tq.query.words;
        if (one.length === 1) {
          const variant = new TermQuery(new Query(`${one[0]} learning`), vocab);
          const firstTq = new TermQuery(new Query(one[0]!), vocab);
          const within = new Map<string, number>([[one[0]!, 0]]);
          for (const w of variant.query.words) if (!within.has(w)) within.set(w, within.size);
          const wmask = new Uint32Array(vocab.words.length);
          firstTq.markWord(0, 1, wmask);
          variant.query.words.forEach((w, i) => variant.markWord(i, 1 << within.get(w)!, wmask));
          const lazy: ScanFor = {
            mask: wmask,
            own: 1,
            bits: [variant.query.words.reduce((b, w) => b | (1 << within.get(w)!), 0)],
            all: [true],
            acronym: [-1],
            found: new Uint32Array(blocks.length),
            within: true,
          };
          blocks.forEach((block, i) => {
            expect(scoreTerms(block, firstTq, FIELD_WEIGHTS, lazy, i)).toEqual(scoreTerms(block, firstTq, FIELD_WEIGHTS));
            const scored = scoreTerms(block, variant, FIELD_WEIGHTS);
            if (scored && scored.score >= 0.7) expect(lazy.found[i]).toBe(1);
          });
        }
        blocks.forEach((block, i) => {
          // The scanning pass scores its own query as the plain pass does.
          expect(scoreTerms(block, asks[0]!.tq, FIELD_WEIGHTS, scan, i)).toEqual(scoreTerms(block, asks[0]!.tq, FIELD_WEIGHTS));
          others.forEach((a, k) => {
            const scored = scoreTerms(block, a.tq, FIELD_WEIGHTS);
            if (scored && scored.score >= a.minScore) expect(scan.found[i]! & (1 << k)).not.toBe(0);
          });
        });
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('marks for another spelling only the blocks it can match in: any word, every word for a good match, or an acronym', () => {
    const vocab = new Vocab();
    const blocks = people.map((c) => encodeTerms(c, vocab));
    const asks = ['rust', 'kubernetes', 'machine learning', 'rust compilers', 'ds'].map((q) => new TermQuery(new Query(q), vocab));
    const bitOf = new Map<string, number>();
    for (const tq of asks) for (const w of tq.query.words) if (!bitOf.has(w)) bitOf.set(w, bitOf.size);
    const mask = new Uint32Array(vocab.words.length);
    for (const tq of asks) tq.query.words.forEach((w, i) => tq.markWord(i, 1 << bitOf.get(w)!, mask));
    const bitsOf = (tq: TermQuery) => tq.query.words.reduce((bits, w) => bits | (1 << bitOf.get(w)!), 0);
    const scan: ScanFor = {
      mask,
      own: bitsOf(asks[0]!),
      bits: asks.slice(1).map(bitsOf),
      // kubernetes: any of its words; the two-word ones: a good match, so both in one value; ds: one word.
      all: [false, true, true, false],
      acronym: [-1, -1, -1, 2],
      found: new Uint32Array(blocks.length),
      within: false,
    };
    const marked = blocks.map((block, i) => {
      scoreTerms(block, asks[0]!, FIELD_WEIGHTS, scan, i);
      return [0, 1, 2, 3].filter((k) => (scan.found[i]! & (1 << k)) !== 0);
    });
    // Ada: kubernetes in her notes, machine learning in her expertise, rust and compilers in one log line,
    // and two-word values (her name, "machine learning") that could be the acronym ds.
    expect(marked[0]).toEqual([0, 1, 2, 3]);
    // Bo: ML in his tags is not "machine learning" (both words are needed); "distributed systems" could be ds.
    expect(marked[1]).toEqual([3]);
    // Cy: nothing of the first three; "Trust Bank" and "Cy Dee" are two words.
    expect(marked[2]).toEqual([3]);
    // Zoë: "Kubernets" is a typo of kubernetes.
    expect(marked[3]).toEqual([0, 3]);
  });
});
