/** Words a user may have mistyped: a new tag a typo away from one people have, a key a typo away from one pln reads. */
import { editDistance, fold } from '../domain/text.js';
import type { App } from './app.js';
import { clean } from './render.js';

/** A tag nobody has yet, a typo away from one that exists (`mentr`): a word, and the tag is still added. */
export function warnNearTags(app: App, tags: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const c of app.network({ tiers: [] }).contacts) for (const t of c.tags) counts.set(fold(t), (counts.get(fold(t)) ?? 0) + 1);
  const existing = [...counts.keys()];
  for (const tag of tags) {
    const t = fold(tag);
    if (counts.has(t) || t.length < 4) continue;
    const near = nearestWord(t, existing, t.length < 8 ? 1 : 2);
    if (near) app.warn(`"${clean(tag)}" is a new tag; did you mean ${clean(near)}? (${counts.get(near)} ${counts.get(near) === 1 ? 'person has' : 'people have'} it; added anyway)`);
  }
}

export function nearestWord(word: string, names: readonly string[], max: number): string | null {
  let best: { n: string; d: number } | null = null;
  for (const n of names) {
    const d = editDistance(word, n, max);
    if (d > 0 && d <= max && (best === null || d < best.d)) best = { n, d };
  }
  return best?.n ?? null;
}
