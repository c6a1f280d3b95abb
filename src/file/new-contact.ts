/** The text of a new contact file: the template with the given fields set by minimal edits. Pure. */
import { parsePastDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { addListItems, insertNote, setKey, setMapEntry, yamlScalar } from './edit.js';
import { splitFrontmatter } from './frontmatter.js';

export interface NewContactFields {
  tag: string[];
  expertise: string[];
  company?: string;
  role?: string;
  email: string[];
  phone?: string[];
  location?: string;
  cadence?: string;
  /** When or where you met: a date (any past-date form) or text. */
  met?: string;
  note?: string;
  links?: Record<string, string>;
  birthday?: string;
  /** `last_contact:` (YYYY-MM-DD) for someone you already know. */
  lastContact?: string;
  /** Overrides `added:` (imports stagger it); default today. */
  added?: string;
}

export function contactText(template: string, name: string, opts: NewContactFields, today: string): string {
  const added = opts.added ?? today;
  let text = template.replace(/\{\{\s*name\s*\}\}/g, yamlScalar(name)).replace(/\{\{\s*(added|date|today)\s*\}\}/g, added);
  const split = splitFrontmatter(text);
  if (split.kind !== 'ok') throw new PlnError('file', 'the contact template has no frontmatter ("---" ... "---")');
  const front = text.slice(split.yamlStart, split.yamlEnd);
  if (!/^name:/m.test(front)) text = setKey(text, 'name', name);
  if (!/^added:/m.test(front)) text = setKey(text, 'added', added);
  if (opts.tag.length)
    text = addListItems(
      text,
      'tags',
      opts.tag.map((t) => t.replace(/^#/, '')),
    );
  if (opts.expertise.length) text = addListItems(text, 'expertise', opts.expertise);
  if (opts.company) text = setKey(text, 'company', opts.company);
  if (opts.role) text = setKey(text, 'role', opts.role);
  if (opts.location) text = setKey(text, 'location', opts.location);
  if (opts.email.length) text = setKey(text, 'email', opts.email.length === 1 ? opts.email[0]! : opts.email);
  if (opts.phone?.length) text = setKey(text, 'phone', opts.phone.length === 1 ? opts.phone[0]! : opts.phone);
  for (const [k, v] of Object.entries(opts.links ?? {})) text = setMapEntry(text, 'links', k, v);
  if (opts.birthday) text = setKey(text, 'birthday', opts.birthday);
  if (opts.cadence) text = setKey(text, 'cadence', opts.cadence);
  if (opts.lastContact) text = setKey(text, 'last_contact', opts.lastContact);
  if (opts.met) text = setKey(text, 'met', parsePastDate(opts.met, today) ?? opts.met);
  // Where notes go (## Notes in the template).
  if (opts.note && opts.note.trim() !== '') text = insertNote(text, opts.note);
  return text;
}
