/**
 * A person as read from one contact file, and the values derived from it
 * (last contact, cadence, due date). Pure: no fs, no printing.
 */
import { addCadence, cadenceDays, parseCadence, type Cadence } from './cadence.js';
import { daysBetween, type IsoDate } from './dates.js';

/** A frontmatter value as written: scalars stay strings, never numbers or dates. */
export type RawValue = string | null | RawValue[] | { [key: string]: RawValue };

/** One `## Log` item: `- 2026-11-20 coffee: talked about internships #career`. */
export interface LogEntry {
  date: IsoDate;
  kind: string | null;
  text: string;
  hashtags: string[];
  /** 1-based line in the file. */
  line: number;
}

/** One `## Follow-ups` task: `- [ ] send the paper 📅 2026-12-05`. */
export interface FollowUp {
  text: string;
  due: IsoDate | null;
  done: boolean;
  doneDate: IsoDate | null;
  /** 1-based line in the file. */
  line: number;
}

/** The frontmatter keys a person's file may have that pln reads (besides `links`, `met` and `name_parts`). */
export const CONTACT_KEYS = [
  'name',
  'aliases',
  'tags',
  'expertise',
  'company',
  'role',
  'location',
  'email',
  'phone',
  'cadence',
  'introduced_by',
  'knows',
  'past_companies',
  'birthday',
  'added',
  'last_contact',
  'snooze_until',
] as const;

/** Something wrong in a file, with the 1-based line it is on (0 = the whole file). */
export interface Problem {
  file: string;
  line: number;
  message: string;
  /** `error`: the file is not read (or not writable); `warning`: read, but something is off. */
  severity: 'error' | 'warning';
}

export interface Contact {
  slug: string;
  /** Path relative to the network folder, with `/` separators. */
  file: string;
  name: string;
  aliases: string[];
  tags: string[];
  expertise: string[];
  company: string | null;
  role: string | null;
  location: string | null;
  emails: string[];
  phones: string[];
  links: Record<string, string>;
  /** The `cadence` key as written; null when absent. */
  cadence: string | null;
  introducedBy: string | null;
  knows: string[];
  pastCompanies: string[];
  birthday: string | null;
  added: IsoDate | null;
  lastContactOverride: IsoDate | null;
  /** `snooze_until:`: no check-in is due before this day (set by `pln snooze`). */
  snoozeUntil: IsoDate | null;
  /** The latest date in `log` (null when empty): kept by the parser so `due` needs no log. */
  lastLog: IsoDate | null;
  /** Every frontmatter key as written (scalars as strings), in file order. */
  frontmatter: Record<string, RawValue>;
  /** 1-based line of each frontmatter key, for messages. */
  keyLines: Record<string, number>;
  /** Free body text outside the Log and Follow-ups sections. */
  notes: string;
  log: LogEntry[];
  followups: FollowUp[];
}

/** Settings from `pln.yml`. */
export interface Config {
  contactsDir: string;
  defaultCadence: Cadence;
  autocommit: boolean;
  owner: string | null;
  cadenceByTag: Record<string, Cadence>;
  goals: string[];
  /** Your own addresses (`owner_emails`): never a contact; how `capture` tells your mail. */
  ownerEmails: string[];
  /** `capture.sources`: mbox files, Maildir folders, .ics files or folders, as written (`~` not yet expanded). */
  captureSources: string[];
  /** `capture.subjects`: false logs mail and meetings without their subject. */
  captureSubjects: boolean;
  /** `topic_aliases:`: more words for a topic (`typesetting: [tex, latex]`), besides the built-in thesaurus. */
  topicAliases: Record<string, string[]>;
}

export const DEFAULT_CONFIG: Config = {
  contactsDir: 'contacts',
  defaultCadence: parseCadence('90d')!,
  autocommit: false,
  owner: null,
  cadenceByTag: {},
  goals: [],
  ownerEmails: [],
  captureSources: [],
  captureSubjects: true,
  topicAliases: {},
};

/** Latest of the log dates and `last_contact`; null when neither exists. */
export function lastContact(c: Contact): IsoDate | null {
  const a = c.lastContactOverride;
  const b = c.lastLog;
  return a === null ? b : b === null || a > b ? a : b;
}

export type CadenceSource = 'contact' | 'tag' | 'default';

export interface EffectiveCadence {
  cadence: Cadence;
  source: CadenceSource;
  /** The tag that set it, when source is `tag`. */
  tag?: string;
}

/**
 * The contact's own cadence wins; else the shortest of its tags' cadences from
 * `cadence_by_tag`; else the default. An unreadable own cadence falls through
 * (the parser has already reported it).
 */
export function effectiveCadence(c: Contact, config: Config): EffectiveCadence {
  const own = c.cadence === null ? null : parseCadence(c.cadence);
  if (own) return { cadence: own, source: 'contact' };
  let best: EffectiveCadence | null = null;
  for (const tag of c.tags) {
    const cad = config.cadenceByTag[tag.toLowerCase()];
    if (!cad) continue;
    if (best === null || cadenceLength(cad) < cadenceLength(best.cadence)) {
      best = { cadence: cad, source: 'tag', tag };
    }
  }
  return best ?? { cadence: config.defaultCadence, source: 'default' };
}

function cadenceLength(c: Cadence): number {
  return cadenceDays(c) ?? Number.POSITIVE_INFINITY;
}

/**
 * When the next check-in is due: last contact + cadence; with no last contact,
 * one cadence after `added`, or today when `added` is unknown. Null = never.
 */
export function dueDate(c: Contact, config: Config, today: IsoDate): IsoDate | null {
  return dueDateWith(c, effectiveCadence(c, config).cadence, today);
}

/** dueDate with the effective cadence already at hand. */
export function dueDateWith(c: Contact, cadence: Cadence, today: IsoDate): IsoDate | null {
  if (cadence.kind === 'none') return null;
  const last = lastContact(c);
  const due = last !== null ? addCadence(last, cadence) : c.added !== null ? addCadence(c.added, cadence) : today;
  // A snooze moves the check-in later, never earlier, and pretends no contact.
  return due !== null && c.snoozeUntil !== null && c.snoozeUntil > due ? c.snoozeUntil : due;
}

/**
 * Someone **new**: never contacted, and added less than one cadence ago
 * (the default cadence for `cadence: none`). Not on track, not overdue, not
 * cold: just met, or just written down.
 */
export function isNew(c: Contact, config: Config, today: IsoDate): boolean {
  if (c.added === null || c.added > today || lastContact(c) !== null) return false;
  let cadence = effectiveCadence(c, config).cadence;
  if (cadence.kind === 'none') cadence = config.defaultCadence.kind === 'none' ? parseCadence('90d')! : config.defaultCadence;
  const end = addCadence(c.added, cadence);
  return end !== null && end > today;
}

/** today − due date; 0 = due today, negative = not yet due. Null = never due. */
export function daysOverdue(c: Contact, config: Config, today: IsoDate): number | null {
  const due = dueDate(c, config, today);
  return due === null ? null : daysBetween(due, today);
}

/** A follow-up is overdue when open and dated before today (due today is not yet overdue). */
export function isOverdue(f: FollowUp, today: IsoDate): boolean {
  return !f.done && f.due !== null && f.due < today;
}
