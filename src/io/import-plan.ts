/**
 * What `pln import` will do, decided before anything is written (import is
 * all or nothing): which imported people are already in the network (same
 * email, same LinkedIn URL, or same folded name) and what to add to them —
 * never overwriting what the user wrote — and which are new. Pure.
 */
import { cadenceDays, parseCadence } from '../domain/cadence.js';
import { lastContact, type Config, type Contact } from '../domain/contact.js';
import { addDays, isIsoDate, type IsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { fold, slugify } from '../domain/text.js';
import { addListItems, setKey, setMapEntry } from '../file/edit.js';
import { contactText } from '../file/new-contact.js';
import { NAME_PART_KEYS, namePartsToKeep } from './names.js';
import { excerpt, setOwn } from './person.js';
import type { ImportedPerson, NameParts } from './types.js';

export interface PlannedCreate {
  name: string;
  slug: string;
  /** Relative to the network. */
  file: string;
  text: string;
  fields: string[];
}

export interface PlannedUpdate {
  contact: Contact;
  /** Human-readable changes: "+ email ada@x", "company: Acme". */
  changes: string[];
  /** Applied to the file's current text at write time. */
  edit: (text: string) => string;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  unchanged: Contact[];
  /** Days over which the first check-ins of new people are spread (0 = not spread). */
  spreadDays: number;
}

export interface PlanOptions {
  today: IsoDate;
  /** Tags for everyone imported (`--tag linkedin`). */
  tags: string[];
  template: string;
  /**
   * The most bytes a contact file may have: what the reader accepts. A person
   * whose new file would be larger (notes of megabytes) stops the import, so
   * it never writes a file that pln then refuses to read.
   */
  maxFileBytes?: number;
}

/** `https://www.linkedin.com/in/ada/` and `linkedin.com/in/ada` are the same profile. */
export function normaliseUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#]+$/, '');
}

function linkedinOf(links: Record<string, string>): string | null {
  for (const [k, v] of Object.entries(links)) if (k.toLowerCase() === 'linkedin' || /linkedin\.com\//i.test(v)) return normaliseUrl(v);
  return null;
}

/** Several rows for one person in the same file become one. */
function mergeInto(a: ImportedPerson, b: ImportedPerson): void {
  const union = (x: string[], y: string[]) => {
    for (const v of y) if (!x.some((e) => fold(e) === fold(v))) x.push(v);
  };
  union(a.emails, b.emails);
  union(a.phones, b.phones);
  union(a.tags, b.tags);
  union(a.expertise, b.expertise);
  union(a.aliases, b.aliases);
  a.nameParts ??= b.nameParts;
  for (const [k, v] of Object.entries(b.links)) if (!Object.hasOwn(a.links, k)) setOwn(a.links, k, v);
  a.company ??= b.company;
  a.role ??= b.role;
  a.location ??= b.location;
  a.notes ??= b.notes;
  a.birthday ??= b.birthday;
  a.met ??= b.met;
  a.cadence ??= b.cadence;
}

export function planImport(contacts: readonly Contact[], config: Config, people: ImportedPerson[], opts: PlanOptions): ImportPlan {
  const byEmail = new Map<string, Contact>();
  const byLinkedin = new Map<string, Contact>();
  const byName = new Map<string, Contact>();
  for (const c of contacts) {
    for (const e of c.emails) byEmail.set(e.trim().toLowerCase(), c);
    const li = linkedinOf(c.links);
    if (li) byLinkedin.set(li, c);
    byName.set(fold(c.name), c);
    for (const a of c.aliases) if (!byName.has(fold(a))) byName.set(fold(a), c);
  }
  const byFile = new Map(contacts.map((c) => [c.file, c]));
  const matchOf = (p: ImportedPerson): Contact | undefined => {
    const own = p.source?.file ? byFile.get(p.source.file) : undefined;
    if (own) return own;
    for (const e of p.emails) {
      const c = byEmail.get(e.trim().toLowerCase());
      if (c) return c;
    }
    const li = linkedinOf(p.links);
    if (li && byLinkedin.has(li)) return byLinkedin.get(li);
    return byName.get(fold(p.name));
  };

  // Group the file's people: by the contact they match, else by their own keys.
  const matched = new Map<Contact, ImportedPerson>();
  const fresh: ImportedPerson[] = [];
  const freshKeys = new Map<string, ImportedPerson>();
  for (const raw of people) {
    const p: ImportedPerson = {
      ...raw,
      aliases: [...raw.aliases],
      emails: [...raw.emails],
      phones: [...raw.phones],
      tags: [...raw.tags, ...opts.tags],
      expertise: [...raw.expertise],
      links: { ...raw.links },
    };
    const c = matchOf(p);
    if (c) {
      const prev = matched.get(c);
      if (prev) mergeInto(prev, p);
      else matched.set(c, p);
      continue;
    }
    // Each file of a backup is its own person, even with a name another one shares.
    if (p.source) {
      fresh.push(p);
      continue;
    }
    const keys = [`n:${fold(p.name)}`, ...p.emails.map((e) => `e:${e.toLowerCase()}`), ...(linkedinOf(p.links) ? [`l:${linkedinOf(p.links)}`] : [])];
    const prev = keys.map((k) => freshKeys.get(k)).find(Boolean);
    if (prev) mergeInto(prev, p);
    else fresh.push(p);
    for (const k of keys) freshKeys.set(k, prev ?? p);
  }

  const updates: PlannedUpdate[] = [];
  const unchanged: Contact[] = [];
  for (const [c, p] of matched) {
    const u = planUpdate(c, p);
    if (u.changes.length > 0) updates.push(u);
    else unchanged.push(c);
  }

  const taken = new Set(contacts.map((c) => fold(c.slug)));
  const dir = config.contactsDir.replace(/\/+$/, '');
  const defaultDays = cadenceDays(config.defaultCadence) ?? 90;
  // Only people with no last contact need their first check-in spread out.
  const unknown = fresh.filter((p) => !p.source && lastContactOf(p) === null);
  const spread = unknown.length > 1 ? defaultDays : 0;
  const creates = fresh.map((p): PlannedCreate => {
    if (p.source) return restoreFile(p, p.source.text, dir, taken, opts.tags);
    const i = unknown.indexOf(p);
    const last = lastContactOf(p);
    let slug = slugify(p.name) || 'contact';
    for (let n = 2; taken.has(fold(slug)); n++) slug = `${slugify(p.name) || 'contact'}-${n}`;
    taken.add(fold(slug));
    const own = p.cadence ? parseCadence(p.cadence) : null;
    const days = (own && cadenceDays(own)) ?? defaultDays;
    // Stagger `added` so first check-ins (added + cadence) fall evenly over the next cadence.
    const offset = spread && i >= 0 ? Math.round(((i + 1) * days) / unknown.length) : days;
    const added = addDays(opts.today, offset - days);
    const fields: string[] = [];
    const note = (label: string, v: unknown) => {
      if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) fields.push(label);
    };
    note('email', p.emails);
    note('phone', p.phones);
    note('company', p.company);
    note('role', p.role);
    note('location', p.location);
    note('tags', p.tags);
    note('expertise', p.expertise);
    for (const k of Object.keys(p.links)) fields.push(`links.${k}`);
    note('birthday', p.birthday);
    note('met', p.met);
    note('notes', p.notes);
    let text = contactText(
      opts.template,
      p.name,
      {
        tag: p.tags,
        expertise: p.expertise,
        company: p.company ?? undefined,
        role: p.role ?? undefined,
        location: p.location ?? undefined,
        email: p.emails,
        phone: p.phones,
        links: p.links,
        birthday: p.birthday ?? undefined,
        cadence: own ? (p.cadence ?? undefined) : undefined,
        met: p.met ?? undefined,
        note: p.notes ?? undefined,
        added,
      },
      opts.today,
    );
    if (last) {
      fields.push('last_contact');
      text = setKey(text, 'last_contact', last);
    }
    const aliases = p.aliases.filter((a) => fold(a) !== fold(p.name));
    if (aliases.length) {
      fields.push('aliases');
      text = addListItems(text, 'aliases', aliases);
    }
    const parts = namePartsToKeep(p.name, p.nameParts);
    if (parts) {
      fields.push('name_parts');
      text = setNameParts(text, parts);
    }
    return { name: p.name, slug, file: `${dir}/${slug}.md`, text, fields };
  });
  if (opts.maxFileBytes !== undefined) fresh.forEach((p, i) => checkFileSize(p, creates[i]!.text, opts.maxFileBytes!));
  return { creates, updates, unchanged, spreadDays: spread };
}

/** Throws when the new contact file of `p` would be over `max` bytes, naming where the person is in the import file. */
function checkFileSize(p: ImportedPerson, text: string, max: number): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= max) return;
  const mib = (n: number) => `${Number((n / 1048576).toFixed(1))} MiB`;
  const who = `${p.at ? `${p.at} ` : ''}(${excerpt(p.name)})`;
  throw new PlnError('invalid', `${who}: the contact file would be ${mib(bytes)}, over the ${mib(max)} limit for a contact; nothing imported`);
}

/** Writes `name_parts:` as a block map of its non-empty parts, in the order of a name. */
function setNameParts(text: string, parts: NameParts): string {
  return NAME_PART_KEYS.reduce((t, k) => (parts[k].trim() === '' ? t : setMapEntry(t, 'name_parts', k, parts[k].trim())), text);
}

/**
 * A contact file from pln's own JSON backup: written as it was, at the path it
 * had when that path is a plain one inside the contacts folder, else under the
 * slug of its name. `--tag` still applies.
 */
function restoreFile(p: ImportedPerson, text: string, dir: string, taken: Set<string>, tags: string[]): PlannedCreate {
  const wanted = p.source?.file ?? '';
  const segments = wanted.split('/');
  const plain = wanted.startsWith(`${dir}/`) && wanted.endsWith('.md') && segments.every((s) => s !== '' && !s.startsWith('.') && !/[\\\0:]/.test(s));
  const base = plain ? segments[segments.length - 1]!.slice(0, -3) : slugify(p.name) || 'contact';
  let slug = base;
  for (let n = 2; taken.has(fold(slug)); n++) slug = `${base}-${n}`;
  taken.add(fold(slug));
  const file = plain && slug === base ? wanted : `${dir}/${slug}.md`;
  return { name: p.name, slug, file, text: tags.length ? addListItems(text, 'tags', tags) : text, fields: ['the whole file, from a pln backup'] };
}

/** `last_contact` carried by the file (pln's own exports have it), when it is a real past date. */
function lastContactOf(p: ImportedPerson): IsoDate | null {
  const v = Object.hasOwn(p.extra, 'last_contact') ? p.extra.last_contact!.trim() : undefined;
  return v && isIsoDate(v) ? v : null;
}

/** What to add to an existing contact: new emails, links, tags and topics; empty fields filled. */
function planUpdate(c: Contact, p: ImportedPerson): PlannedUpdate {
  const changes: string[] = [];
  const edits: ((t: string) => string)[] = [];
  const has = (list: string[], v: string) => list.some((x) => fold(x) === fold(v));

  const newEmails = p.emails.filter((e) => !has(c.emails, e));
  if (newEmails.length) {
    const key = 'emails' in c.frontmatter && !('email' in c.frontmatter) ? 'emails' : 'email';
    const all = [...listOf(c.frontmatter[key]), ...newEmails];
    edits.push((t) => setKey(t, key, all.length === 1 ? all[0]! : all));
    changes.push(...newEmails.map((e) => `+ email ${e}`));
  }
  const newPhones = p.phones.filter((e) => !has(c.phones, e));
  if (newPhones.length) {
    const key = 'phones' in c.frontmatter && !('phone' in c.frontmatter) ? 'phones' : 'phone';
    const all = [...listOf(c.frontmatter[key]), ...newPhones];
    edits.push((t) => setKey(t, key, all.length === 1 ? all[0]! : all));
    changes.push(...newPhones.map((e) => `+ phone ${e}`));
  }
  const known = new Set(Object.values(c.links).map(normaliseUrl));
  for (const [k, url] of Object.entries(p.links)) {
    if (known.has(normaliseUrl(url)) || Object.hasOwn(c.links, k)) continue;
    edits.push((t) => setMapEntry(t, 'links', k, url));
    changes.push(`+ links.${k}`);
  }
  const newTags = p.tags.filter((x) => !has(c.tags, x));
  if (newTags.length) {
    edits.push((t) => addListItems(t, 'tags', newTags));
    changes.push(...newTags.map((x) => `+ tag ${x}`));
  }
  const newTopics = p.expertise.filter((x) => !has(c.expertise, x));
  if (newTopics.length) {
    edits.push((t) => addListItems(t, 'expertise', newTopics));
    changes.push(...newTopics.map((x) => `+ expertise ${x}`));
  }
  const fill = (key: string, current: string | null, value: string | null) => {
    if (current !== null || value === null || value.trim() === '' || key in c.frontmatter) return;
    edits.push((t) => setKey(t, key, value));
    changes.push(`${key}: ${value}`);
  };
  const newAliases = p.aliases.filter((a) => !has(c.aliases, a) && fold(a) !== fold(c.name));
  if (newAliases.length) {
    edits.push((t) => addListItems(t, 'aliases', newAliases));
    changes.push(...newAliases.map((a) => `+ alias ${a}`));
  }
  // The parts describe the imported name: kept only when it is the contact's name.
  const parts = fold(p.name) === fold(c.name) ? namePartsToKeep(c.name, p.nameParts) : null;
  if (parts && !('name_parts' in c.frontmatter)) {
    edits.push((t) => setNameParts(t, parts));
    changes.push('name_parts');
  }
  fill('company', c.company, p.company);
  fill('role', c.role, p.role);
  fill('location', c.location, p.location);
  fill('birthday', c.birthday, p.birthday);
  fill('met', null, p.met);
  const last = lastContactOf(p);
  const current = lastContact(c);
  if (last && (current === null || last > current) && !('last_contact' in c.frontmatter)) {
    edits.push((t) => setKey(t, 'last_contact', last));
    changes.push(`last_contact: ${last}`);
  }
  return { contact: c, changes, edit: (text) => edits.reduce((t, e) => e(t), text) };
}

function listOf(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
