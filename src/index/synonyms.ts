/**
 * `pln who` over synonyms: the query and its other spellings (`k8s`,
 * `kubernetes`) are each scored by the same scorer, and each person keeps
 * their best row, so a synonym hit scores as a hit on the canonical topic.
 * Either scorer (plain or cached) gives the same rows for each spelling, so
 * they give the same rows here too.
 */
import { queryVariants, type Thesaurus } from '../domain/thesaurus.js';
import { GOOD_MATCH, sortWho, type WhoRow } from './who.js';

/**
 * Another spelling counts only where it matches well: a stray word of
 * `rust lang` in someone's notes is no hit for `rust`. Sorted by score and
 * name unless `sorted` is false (for a caller that sorts them itself).
 */
export function whoWithSynonyms(score: (query: string, minScore: number) => WhoRow[], thesaurus: Thesaurus, query: string, sorted = true): WhoRow[] {
  const best = new Map<string, WhoRow>();
  for (const [i, q] of queryVariants(thesaurus, query).entries()) {
    // Other spellings: only good matches are asked for (the rest would be dropped).
    for (const row of score(q, i > 0 ? GOOD_MATCH : 0)) {
      if (i > 0 && row.score < GOOD_MATCH) continue;
      const had = best.get(row.slug);
      if (!had || row.score > had.score) best.set(row.slug, row);
    }
  }
  const rows = [...best.values()];
  return sorted ? sortWho(rows) : rows;
}
