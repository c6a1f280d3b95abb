/**
 * `pln who TOPIC`: who knows a topic. A word-aware scorer rather than a
 * character-level fuzzy matcher: a short query must match a whole word (`ML`
 * finds "ML" and "machine learning", never "HTML"), longer words may match a
 * word prefix or carry a typo (`kubernets`). Fields weigh differently:
 * expertise most, then tags, role, company, and notes and log least.
 * Among good matches, people you are in touch with come first (withWarmth).
 */
import type { Contact } from '../domain/contact.js';
import { editDistance, fold, localeOrder, typoBudget, words } from '../domain/text.js';

export interface WhoMatch {
  field: string;
  value: string;
}

export interface WhoRow {
  slug: string;
  name: string;
  score: number;
  matches: WhoMatch[];
}

export const FIELD_WEIGHTS = {
  expertise: 1,
  tags: 0.8,
  role: 0.6,
  company: 0.5,
  past_companies: 0.4,
  notes: 0.35,
  log: 0.3,
  name: 0.25,
} as const;

export type Field = keyof typeof FIELD_WEIGHTS;

/** The fields `who` looks in, in the order matches are listed. */
export const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

/** How well one query word matches one word of a field, in [0, 1]. */
export function wordScore(q: string, w: string): number {
  if (q === w) return 1;
  if (q.length >= 3 && w.startsWith(q)) return 0.8;
  // Plural and simple suffixes: "compiler" ~ "compilers".
  if (q.length >= 4 && q.startsWith(w) && q.length - w.length <= 2) return 0.8;
  const budget = typoBudget(q.length);
  if (budget > 0 && Math.abs(q.length - w.length) <= budget) {
    const d = editDistance(q, w, budget);
    if (d <= budget) return 0.75 - 0.1 * d;
  }
  return 0;
}

/**
 * One query, ready to score texts: its folded words, and every word of the
 * network it has been compared with (a network repeats its words thousands
 * of times; each is compared, typos and all, once).
 */
export class Query {
  readonly words: string[];
  readonly folded: string;
  private readonly seen: Map<string, number>[];

  constructor(text: string) {
    this.words = words(text);
    this.folded = this.words.join(' ');
    this.seen = this.words.map(() => new Map());
  }

  /** wordScore of query word `i` against `w`, remembered. */
  wordScore(i: number, w: string): number {
    const seen = this.seen[i]!;
    let s = seen.get(w);
    if (s === undefined) {
      s = wordScore(this.words[i]!, w);
      seen.set(w, s);
    }
    return s;
  }

  /** How well the whole query matches a text, in [0, 1]. */
  textScore(text: string): number {
    const queryWords = this.words;
    const folded = fold(text);
    if (folded === this.folded) return 1;
    const ws = words(text);
    if (ws.length === 0) return 0;
    // An acronym of a multi-word value: "ml" for "machine learning".
    if (queryWords.length === 1 && ws.length > 1 && ws.length <= 5 && ws.map((w) => w[0]).join('') === queryWords[0]) return 0.9;
    let total = 0;
    let missing = 0;
    for (let i = 0; i < queryWords.length; i++) {
      let best = 0;
      for (const w of ws) {
        const s = this.wordScore(i, w);
        if (s > best) best = s;
        if (best === 1) break;
      }
      if (best === 0) missing++;
      total += best;
    }
    if (missing === queryWords.length) return 0;
    const phrase = queryWords.length > 1 && ` ${ws.join(' ')} `.includes(` ${this.folded} `);
    return wordsScore(total, missing, queryWords.length, phrase);
  }
}

/**
 * A value's score from how its words matched: the mean of each query word's
 * best score (halved when some query word is missing), a little more when the
 * whole phrase stands in it in order, never above 0.95 (1 is a whole match).
 */
export function wordsScore(total: number, missing: number, queryWords: number, phrase: boolean): number {
  const mean = total / queryWords;
  return Math.min(0.95, (missing > 0 ? mean * 0.5 : mean) * 0.95 + (phrase ? 0.05 : 0));
}

/** A person's score from their best weighted field score and how many fields matched; null when it is noise. */
export function personScore(best: number, fieldsMatched: number): number | null {
  // Below this, one stray word of a long query matched somewhere: noise.
  if (best < 0.02) return null;
  // A person who matches in several places is a little more likely to know it.
  return Math.round(Math.min(1, best + 0.03 * (fieldsMatched - 1)) * 1000) / 1000;
}

/** The values of one field of a contact that `who` scores, in order. */
export function fieldValues(c: Contact, field: Field): string[] {
  switch (field) {
    case 'expertise':
      return c.expertise;
    case 'tags':
      return c.tags;
    case 'role':
      return c.role ? [c.role] : [];
    case 'company':
      return c.company ? [c.company] : [];
    case 'past_companies':
      return c.pastCompanies;
    case 'notes':
      return c.notes ? c.notes.split('\n').filter((l) => l.trim() !== '') : [];
    case 'log':
      return c.log.map((e) => e.text);
    default:
      return [c.name, ...c.aliases];
  }
}

/** Weights for `pln search`: a name is what people search for most. */
export const SEARCH_WEIGHTS: Record<Field, number> = { ...FIELD_WEIGHTS, name: 1 };

/** Query words beyond this are not a topic but a paste; refused by the commands. */
export const MAX_QUERY_WORDS = 20;
/** Nor characters beyond this: fuzzy search takes time in proportion to the query's length. */
export const MAX_QUERY_CHARS = 100;

/** Scores one contact for a query; null when nothing matches. */
export function scoreContact(c: Contact, query: string | Query, weights: Record<Field, number> = FIELD_WEIGHTS): WhoRow | null {
  const q = typeof query === 'string' ? new Query(query) : query;
  if (q.words.length === 0) return null;
  let best = 0;
  let fieldsMatched = 0;
  const matches: WhoMatch[] = [];
  for (const field of FIELDS) {
    const values = fieldValues(c, field);
    let fieldBest = 0;
    let bestValue = '';
    for (const v of values) {
      const s = q.textScore(v);
      if (s > fieldBest) {
        fieldBest = s;
        bestValue = v;
      }
    }
    if (fieldBest === 0) continue;
    fieldsMatched++;
    // The whole value: renderers shorten it for the terminal, JSON keeps it.
    matches.push({ field, value: bestValue });
    best = Math.max(best, fieldBest * weights[field]);
  }
  const score = personScore(best, fieldsMatched);
  return score === null ? null : { slug: c.slug, name: c.name, score, matches };
}

/** Who knows a topic, best first. */
export function whoKnows(contacts: readonly Contact[], query: string, weights: Record<Field, number> = FIELD_WEIGHTS): WhoRow[] {
  const q = new Query(query);
  const rows: WhoRow[] = [];
  for (const c of contacts) {
    const row = scoreContact(c, q, weights);
    if (row) rows.push(row);
  }
  return sortWho(rows);
}

/** Best score first, then by name (then slug: people of the same name come in one order, however they were found). */
export function sortWho(rows: WhoRow[]): WhoRow[] {
  return rows.sort((a, b) => b.score - a.score || localeOrder(a.name, b.name) || bySlug(a, b));
}

function bySlug(a: { slug: string }, b: { slug: string }): number {
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** A score from which a match is good enough that warmth, not score, decides the order. */
export const GOOD_MATCH = 0.7;

/** A `who` row with how recently you were in touch. */
export interface WarmWhoRow extends WhoRow {
  last_contact: string | null;
  warm: boolean;
  /** Never contacted, added less than a cadence ago: not cold. */
  new: boolean;
}

/**
 * Reorders `who` rows by warmth: good matches (score ≥ GOOD_MATCH) first,
 * warm ones before cold ones and each group by score; weaker matches after,
 * by score with warm first on ties. The lookup gives each slug's warmth
 * (see insights.ts `warmth`), so the scorer stays free of dates.
 */
export function withWarmth(rows: readonly WhoRow[], warmthOf: (slug: string) => { warm: boolean; new?: boolean; last_contact: string | null }): WarmWhoRow[] {
  const tier = (r: WarmWhoRow) => (r.score >= GOOD_MATCH ? (r.warm ? 0 : 1) : 2);
  return rows
    .map((r): WarmWhoRow => {
      const w = warmthOf(r.slug);
      return { slug: r.slug, name: r.name, score: r.score, matches: r.matches, last_contact: w.last_contact, warm: w.warm, new: w.new ?? false };
    })
    .sort((a, b) => tier(a) - tier(b) || b.score - a.score || Number(b.warm) - Number(a.warm) || localeOrder(a.name, b.name) || bySlug(a, b));
}
