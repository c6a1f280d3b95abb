/**
 * `pln who` over synonyms: the query and its other spellings (`k8s`,
 * `kubernetes`) are each scored by the same scorer, and each person keeps
 * their best row, so a synonym hit scores as a hit on the canonical topic.
 * Either scorer (plain or cached) gives the same rows for each spelling, so
 * they give the same rows here too.
 */
import { queryVariants, type Thesaurus } from '../domain/thesaurus.js';
import { GOOD_MATCH, sortWho, type WhoRow } from './who.js';

/** One spelling asked: its rows scoring at least minScore are wanted (the rest may be left out). */
export interface Ask {
  query: string;
  minScore: number;
}

/**
 * Another spelling counts only where it matches well: a stray word of
 * `rust lang` in someone's notes is no hit for `rust`. Sorted by score and
 * name unless `sorted` is false (for a caller that sorts them itself).
 */
export function whoWithSynonyms(score: (query: string, minScore: number) => WhoRow[], thesaurus: Thesaurus, query: string, sorted = true): WhoRow[] {
  return whoWithSynonymsAll((asks) => asks.map((a) => score(a.query, a.minScore)), thesaurus, query, sorted);
}

/** whoWithSynonyms, with every spelling scored in one call (so that a scorer can read the network once for all). */
export function whoWithSynonymsAll(scoreAll: (asks: Ask[]) => WhoRow[][], thesaurus: Thesaurus, query: string, sorted = true): WhoRow[] {
  // Other spellings: only good matches are asked for (the rest would be dropped).
  const asks = queryVariants(thesaurus, query).map((q, i) => ({ query: q, minScore: i > 0 ? GOOD_MATCH : 0 }));
  const best = new Map<string, WhoRow>();
  scoreAll(asks).forEach((rows, i) => {
    for (const row of rows) {
      if (i > 0 && row.score < GOOD_MATCH) continue;
      const had = best.get(row.slug);
      if (!had || row.score > had.score) best.set(row.slug, row);
    }
  });
  const rows = [...best.values()];
  return sorted ? sortWho(rows) : rows;
}
