/**
 * The in-memory index of a network: contacts by slug, and resolving WHO
 * (slug, name, alias, unique prefix, clearly-best fuzzy match).
 */
import type { Config, Contact, Problem } from '../domain/contact.js';
import { editDistance, fold, typoBudget, words } from '../domain/text.js';

export interface Network {
  dir: string;
  config: Config;
  contacts: Contact[];
  bySlug: Map<string, Contact>;
  /** Problems found while reading (bad files are left out of `contacts`). */
  problems: Problem[];
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  ctimeMs: number;
}

export function buildNetwork(dir: string, config: Config, contacts: Contact[], problems: Problem[]): Network {
  const bySlug = new Map<string, Contact>();
  for (const c of contacts) bySlug.set(c.slug, c);
  return { dir, config, contacts, bySlug, problems };
}

export type Resolution = { kind: 'one'; contact: Contact } | { kind: 'many'; candidates: Contact[] } | { kind: 'none' };

/** Resolves WHO to one person, several candidates, or nobody. */
export function resolveWho(contacts: readonly Contact[], who: string): Resolution {
  const q = fold(who.trim()).replace(/\.md$/, '');
  if (q === '') return { kind: 'none' };
  const pick = (list: Contact[]): Resolution | null => {
    const unique = [...new Set(list)];
    if (unique.length === 1) return { kind: 'one', contact: unique[0]! };
    if (unique.length > 1) return { kind: 'many', candidates: unique };
    return null;
  };

  // 1. exact slug, 2. exact name or alias.
  const bySlug = contacts.filter((c) => fold(c.slug) === q);
  if (bySlug.length === 1) return { kind: 'one', contact: bySlug[0]! };
  const exact = pick(contacts.filter((c) => fold(c.name) === q || c.aliases.some((a) => fold(a) === q)));
  if (exact) return exact;

  // 3. unique prefix of the slug, the name, an alias, or a word of the name.
  const qSlug = q.replace(/\s+/g, '-');
  const prefix = pick(
    contacts.filter(
      (c) => fold(c.slug).startsWith(qSlug) || fold(c.name).startsWith(q) || c.aliases.some((a) => fold(a).startsWith(q)) || (!q.includes(' ') && words(c.name).some((w) => w.startsWith(q))),
    ),
  );
  if (prefix) return prefix;

  // 4. a fuzzy match that is clearly best: fewest typos, and nobody else as close.
  const budget = typoBudget(q.length);
  if (budget === 0) return { kind: 'none' };
  const scored: { c: Contact; d: number }[] = [];
  for (const c of contacts) {
    const targets = [fold(c.name), fold(c.slug).replace(/-/g, ' '), ...c.aliases.map(fold), ...words(c.name)];
    let best = budget + 1;
    for (const t of targets) best = Math.min(best, editDistance(q, t, budget));
    if (best <= budget) scored.push({ c, d: best });
  }
  scored.sort((a, b) => a.d - b.d);
  if (scored.length === 0) return { kind: 'none' };
  if (scored.length === 1 || scored[1]!.d > scored[0]!.d) return { kind: 'one', contact: scored[0]!.c };
  return { kind: 'many', candidates: scored.filter((s) => s.d === scored[0]!.d).map((s) => s.c) };
}
