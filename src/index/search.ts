/**
 * `pln search`: fuzzy search over everything a person's file says, with
 * fuse.js (loaded only by this command). Exact word hits from the `who`
 * scorer are merged in, so a precise match never loses to a fuzzy one.
 */
import Fuse from 'fuse.js';
import type { Contact } from '../domain/contact.js';
import { localeOrder } from '../domain/text.js';
import { Query, scoreContact, SEARCH_WEIGHTS, type WhoMatch, type WhoRow } from './who.js';

interface Doc {
  contact: Contact;
  name: string;
  aliases: string[];
  tags: string[];
  expertise: string[];
  company: string;
  role: string;
  location: string;
  email: string[];
  notes: string[];
  log: string[];
  followups: string[];
}

const KEYS = [
  { name: 'name', weight: 3 },
  { name: 'aliases', weight: 2 },
  { name: 'expertise', weight: 2 },
  { name: 'tags', weight: 1.5 },
  { name: 'company', weight: 1.5 },
  { name: 'role', weight: 1.5 },
  { name: 'location', weight: 1 },
  { name: 'email', weight: 1 },
  { name: 'notes', weight: 0.8 },
  { name: 'log', weight: 0.8 },
  { name: 'followups', weight: 0.8 },
];

export function searchContacts(contacts: readonly Contact[], query: string): WhoRow[] {
  const docs: Doc[] = contacts.map((c) => ({
    contact: c,
    name: c.name,
    aliases: c.aliases,
    tags: c.tags,
    expertise: c.expertise,
    company: c.company ?? '',
    role: c.role ?? '',
    location: c.location ?? '',
    email: c.emails,
    notes: c.notes.split('\n').filter((l) => l.trim() !== ''),
    log: c.log.map((e) => `${e.date} ${e.kind ?? ''} ${e.text}`),
    followups: c.followups.map((f) => f.text),
  }));
  const fuse = new Fuse(docs, {
    keys: KEYS,
    includeScore: true,
    includeMatches: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: query.trim().length <= 3 ? 0.1 : 0.3,
    minMatchCharLength: Math.min(3, query.trim().length),
  });
  const rows = new Map<string, WhoRow>();
  for (const r of fuse.search(query)) {
    const matches: WhoMatch[] = [];
    for (const m of r.matches ?? []) {
      if (m.key && typeof m.value === 'string' && !matches.some((x) => x.field === m.key)) matches.push({ field: m.key, value: m.value });
    }
    const score = Math.round((1 - (r.score ?? 1)) * 1000) / 1000;
    if (score < 0.01) continue;
    rows.set(r.item.contact.slug, {
      slug: r.item.contact.slug,
      name: r.item.contact.name,
      score,
      matches,
    });
  }
  const q = new Query(query);
  for (const c of contacts) {
    const exact = scoreContact(c, q, SEARCH_WEIGHTS);
    if (!exact) continue;
    const prev = rows.get(c.slug);
    if (!prev || prev.score < exact.score) rows.set(c.slug, exact);
  }
  return [...rows.values()].sort((a, b) => b.score - a.score || localeOrder(a.name, b.name));
}
