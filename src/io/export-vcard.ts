/**
 * vCard 4.0 export (RFC 6350): one card per person, CRLF line ends, lines folded
 * at 75 octets, TEXT escaping. Expertise goes out as EXPERTISE (RFC 6715), which
 * other address books ignore and our importer reads back; a link's name as the
 * X-ABLabel of its URL.
 */
import { createHash } from 'node:crypto';
import { escapeText, joinContentLines } from './contentline.js';
import { guessNameParts } from './names.js';
import type { ExportPerson } from './types.js';

/**
 * A stable `urn:uuid:` for a slug: a name-based (version 5 style) UUID from a
 * SHA-1 of a fixed namespace and the slug, so exporting twice gives the same
 * UID and an address book updates the card instead of duplicating it.
 */
export function vcardUid(slug: string): string {
  const hex = createHash('sha1').update(`pln:contact:${slug}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Plain TEXT (FN, NOTE, TITLE, ...): no `\;` in vCard 4.0. */
const text = (value: string) => escapeText(value, false);
/** One component of a compound value (N, ORG, ADR), where `;` separates components. */
const component = (value: string) => escapeText(value, true);

/** N is structured (family;given;additional;prefix;suffix): from `name_parts`, else the last word is the family name. */
function structuredName(p: ExportPerson): string {
  const parts = p.name_parts ?? guessNameParts(p.name);
  return [parts.family, parts.given, parts.additional, parts.prefix, parts.suffix].map(component).join(';');
}

/** `MM-DD` → `--MMDD`; `YYYY-MM-DD` → `YYYYMMDD` (the basic format RFC 6350 shows). */
function bday(birthday: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthday);
  if (m) return `${m[1]}${m[2]}${m[3]}`;
  m = /^(\d{2})-(\d{2})$/.exec(birthday);
  return m ? `--${m[1]}${m[2]}` : null;
}

function cardLines(p: ExportPerson): string[] {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID:${vcardUid(p.slug)}`, `FN:${text(p.name)}`, `N:${structuredName(p)}`];
  if (p.aliases?.length) lines.push(`NICKNAME:${p.aliases.map(text).join(',')}`);
  for (const email of p.emails) lines.push(`EMAIL:${text(email)}`);
  for (const phone of p.phones) lines.push(`TEL:${text(phone)}`);
  if (p.company) lines.push(`ORG:${component(p.company)}`);
  if (p.role) lines.push(`TITLE:${text(p.role)}`);
  if (p.tags.length > 0) lines.push(`CATEGORIES:${p.tags.map(text).join(',')}`);
  for (const topic of p.expertise) lines.push(`EXPERTISE:${text(topic)}`);
  // The city is the only part of an address pln knows.
  if (p.location) lines.push(`ADR:;;;${component(p.location)};;;`);
  // Each link is named as Apple names one (`item1.URL` + `item1.X-ABLabel:blog`),
  // which Apple's and Google's address books show and our importer reads back.
  // URIs are not TEXT: they are written as they are.
  Object.entries(p.links).forEach(([key, url], i) => {
    lines.push(`item${i + 1}.URL:${url.replace(/[\r\n]+/g, '')}`, `item${i + 1}.X-ABLabel:${text(key)}`);
  });
  const birthday = p.birthday === null ? null : bday(p.birthday);
  if (birthday) lines.push(`BDAY:${birthday}`);
  if (p.notes) lines.push(`NOTE:${text(p.notes)}`);
  lines.push('END:VCARD');
  return lines;
}

/** Every person as a vCard 4.0 card, in one string with CRLF line ends. */
export function exportVcard(people: ExportPerson[]): string {
  return joinContentLines(people.flatMap(cardLines));
}
