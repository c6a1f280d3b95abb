/**
 * Structured names. A contact's `name` is what people read; address books also
 * want the family name to sort and file by, which the name alone does not say
 * (`Mr. John Richter James Doe Sr.`, `Ludwig van Beethoven`, `山田太郎`). Imports
 * that carry the parts (vCard `N`, first/last columns) keep them as
 *
 *     name_parts: {prefix: Mr., given: John, additional: Richter James, family: Doe, suffix: Sr.}
 *
 * but only when they differ from the guess below, so that `Ada Lovelace` stays
 * a one-key contact. Exports use `name_parts` when present, else the guess.
 */
import type { NameParts } from './types.js';

export const NAME_PART_KEYS = ['prefix', 'given', 'additional', 'family', 'suffix'] as const;

export function emptyNameParts(): NameParts {
  return { prefix: '', given: '', additional: '', family: '', suffix: '' };
}

/** The guess from the name alone: the last word is the family name, the rest given names. */
export function guessNameParts(name: string): NameParts {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const family = words.length > 1 ? words.pop()! : '';
  return { ...emptyNameParts(), given: words.join(' '), family };
}

function sameParts(a: NameParts, b: NameParts): boolean {
  return NAME_PART_KEYS.every((k) => a[k].trim() === b[k].trim());
}

/** Parts worth writing down: some part is set and they are not what `guessNameParts(name)` gives. */
export function namePartsToKeep(name: string, parts: NameParts | null): NameParts | null {
  if (parts === null || NAME_PART_KEYS.every((k) => parts[k].trim() === '')) return null;
  return sameParts(guessNameParts(name), parts) ? null : parts;
}

/** `name_parts:` from a contact's frontmatter; null when absent or not a map of strings. */
export function namePartsOf(frontmatter: Record<string, unknown>): NameParts | null {
  const value = frontmatter.name_parts;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const parts = emptyNameParts();
  let any = false;
  for (const k of NAME_PART_KEYS) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() !== '') {
      parts[k] = v.trim();
      any = true;
    }
  }
  return any ? parts : null;
}

/** The display name the parts make: prefix given additional family suffix. */
export function nameFromParts(parts: NameParts): string {
  return NAME_PART_KEYS.map((k) => parts[k].trim())
    .filter(Boolean)
    .join(' ');
}
