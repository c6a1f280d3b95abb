/**
 * The questions `pln` answers, as pure functions of a network and a date.
 * Rows here are already in the JSON shapes of the contract (snake_case).
 */
import { cadenceDays } from '../domain/cadence.js';
import { dueDateWith, effectiveCadence, isOverdue, lastContact, type Contact, type RawValue } from '../domain/contact.js';
import { daysBetween, type IsoDate } from '../domain/dates.js';
import { fold } from '../domain/text.js';
import { buildThesaurus } from '../domain/thesaurus.js';
import { balanceOf, topicTest, type Balance } from './insights.js';
import type { Network } from './network.js';

export interface ListRow {
  slug: string;
  name: string;
  file: string;
  tags: string[];
  expertise: string[];
  company: string | null;
  role: string | null;
  cadence_days: number | null;
  last_contact: IsoDate | null;
  due_date: IsoDate | null;
}

export interface DueRow {
  slug: string;
  name: string;
  file: string;
  cadence_days: number | null;
  last_contact: IsoDate | null;
  due_date: IsoDate;
  days_overdue: number;
}

export function listRow(c: Contact, net: Network, today: IsoDate): ListRow {
  const { cadence } = effectiveCadence(c, net.config);
  return {
    slug: c.slug,
    name: c.name,
    file: c.file,
    tags: c.tags,
    expertise: c.expertise,
    company: c.company,
    role: c.role,
    cadence_days: cadenceDays(cadence),
    last_contact: lastContact(c),
    due_date: dueDateWith(c, cadence, today),
  };
}

/** Every tag given (repeated `--tag a --tag b`, or `a,b`) must be on the person. */
function hasTags(c: Contact, tags: readonly string[] | undefined): boolean {
  return !tags || tags.every((t) => hasTag(c, t));
}

function hasTag(c: Contact, tag: string): boolean {
  const t = fold(tag.replace(/^#/, ''));
  return c.tags.some((x) => fold(x) === t);
}

/**
 * The filters every listing takes (`--tag`, `--company`, `--expertise`):
 * all of the tags; any of the companies (a part of the name is enough);
 * all of the topics, each as goals and `intro` match one: its words in a row
 * in an expertise entry (`systems` in distributed systems, never `go` in
 * django), its acronym (`ml`), or a synonym (`k8s` for kubernetes).
 */
export interface PersonFilter {
  tag?: string[];
  company?: string[];
  expertise?: string[];
}

/** The test for one person; everyone passes an empty filter. */
export function personFilter(f: PersonFilter, topicAliases: Readonly<Record<string, readonly string[]>> = {}): (c: Contact) => boolean {
  const companies = (f.company ?? []).map(fold);
  const thesaurus = f.expertise?.length ? buildThesaurus(topicAliases) : null;
  const topics = thesaurus ? f.expertise!.map((t) => topicTest(thesaurus, t)) : [];
  return (c) => hasTags(c, f.tag) && (companies.length === 0 || (c.company !== null && companies.some((x) => fold(c.company!).includes(x)))) && topics.every((covers) => c.expertise.some(covers));
}

/** Whether any filter is set. */
export function isFiltered(f: PersonFilter): boolean {
  return Boolean(f.tag?.length || f.company?.length || f.expertise?.length);
}

/** The same network with only the people the filter keeps (for today, suggest). */
export function filterNetwork(net: Network, f: PersonFilter): Network {
  if (!isFiltered(f)) return net;
  const keep = personFilter(f, net.config.topicAliases);
  const contacts = net.contacts.filter(keep);
  return { ...net, contacts, bySlug: new Map(contacts.map((c) => [c.slug, c])) };
}

export interface DueOptions extends PersonFilter {
  /** Also people due within this many days (0 = only due today or earlier). */
  withinDays?: number;
}

/** People whose check-in is due, most overdue first (ties by name). */
export function dueList(net: Network, today: IsoDate, opts: DueOptions = {}): DueRow[] {
  const within = opts.withinDays ?? 0;
  const rows: DueRow[] = [];
  const keep = personFilter(opts, net.config.topicAliases);
  for (const c of net.contacts) {
    if (!keep(c)) continue;
    const { cadence } = effectiveCadence(c, net.config);
    const due = dueDateWith(c, cadence, today);
    if (due === null) continue;
    const overdue = daysBetween(due, today);
    if (overdue < -within) continue;
    rows.push({
      slug: c.slug,
      name: c.name,
      file: c.file,
      cadence_days: cadenceDays(cadence),
      last_contact: lastContact(c),
      due_date: due,
      days_overdue: overdue,
    });
  }
  return sortRows(rows, (a, b) => b.days_overdue - a.days_overdue);
}

export interface FollowUpRow {
  slug: string;
  name: string;
  file: string;
  text: string;
  due: IsoDate | null;
  done: boolean;
  done_date: IsoDate | null;
  overdue: boolean;
  line: number;
}

/** Open follow-ups: overdue first, then by due date, undated last; `all` adds done ones at the end. */
export function followUpList(net: Network, today: IsoDate, opts: { all?: boolean } & PersonFilter = {}): FollowUpRow[] {
  const rows: FollowUpRow[] = [];
  const keep = personFilter(opts, net.config.topicAliases);
  for (const c of net.contacts) {
    if (!keep(c)) continue;
    for (const f of c.followups) {
      if (f.done && !opts.all) continue;
      rows.push({
        slug: c.slug,
        name: c.name,
        file: c.file,
        text: f.text,
        due: f.due,
        done: f.done,
        done_date: f.doneDate,
        overdue: isOverdue(f, today),
        line: f.line,
      });
    }
  }
  const rank = (r: FollowUpRow) => (r.done ? 3 : r.overdue ? 0 : r.due !== null ? 1 : 2);
  return sortRows(
    rows,
    (a, b) => rank(a) - rank(b) || compareAscii(a.due ?? '9999', b.due ?? '9999'),
    (a, b) => a.line - b.line,
  );
}

export interface ListOptions extends PersonFilter {
  sort?: 'name' | 'last' | 'due';
}

export const LIST_SORTS = ['name', 'last', 'due'] as const;

/** Contacts, filtered; sorted by name, by last contact (most recent first) or by due date (soonest first). */
export function listContacts(net: Network, today: IsoDate, opts: ListOptions = {}): ListRow[] {
  const rows = net.contacts.filter(personFilter(opts, net.config.topicAliases)).map((c) => listRow(c, net, today));
  switch (opts.sort ?? 'name') {
    case 'last':
      return sortRows(rows, (a, b) => compareAscii(b.last_contact ?? '', a.last_contact ?? ''));
    case 'due':
      return sortRows(rows, (a, b) => compareAscii(a.due_date ?? '9999', b.due_date ?? '9999'));
    default:
      return sortRows(rows);
  }
}

export interface ShowRecord extends ListRow {
  aliases: string[];
  location: string | null;
  emails: string[];
  phones: string[];
  links: Record<string, string>;
  cadence: string;
  cadence_source: string;
  days_overdue: number | null;
  /** How often you helped them (`gave` log entries) and they helped you (`got`). */
  balance: Balance;
  notes: string;
  frontmatter: Record<string, RawValue>;
  log: { date: IsoDate; kind: string | null; text: string; line: number }[];
  followups: { text: string; due: IsoDate | null; done: boolean; done_date: IsoDate | null; overdue: boolean; line: number }[];
}

/** Everything about one person; the log newest first. */
export function showRecord(c: Contact, net: Network, today: IsoDate): ShowRecord {
  const row = listRow(c, net, today);
  const eff = effectiveCadence(c, net.config);
  return {
    ...row,
    aliases: c.aliases,
    location: c.location,
    emails: c.emails,
    phones: c.phones,
    links: { ...c.links },
    cadence: eff.cadence.text,
    cadence_source: eff.source === 'tag' ? `tag ${eff.tag}` : eff.source,
    days_overdue: row.due_date === null ? null : daysBetween(row.due_date, today),
    balance: balanceOf(c),
    notes: c.notes,
    frontmatter: c.frontmatter,
    log: [...c.log].sort((a, b) => compareAscii(b.date, a.date) || a.line - b.line).map((e) => ({ date: e.date, kind: e.kind, text: e.text, line: e.line })),
    followups: c.followups.map((f) => ({
      text: f.text,
      due: f.due,
      done: f.done,
      done_date: f.doneDate,
      overdue: isOverdue(f, today),
      line: f.line,
    })),
  };
}

const none = () => 0;

/**
 * Sorts rows in place by `first`, then by folded name and slug, then by
 * `last`. Each name is folded once, not once per comparison.
 */
export function sortRows<T extends { name: string; slug?: string }>(rows: T[], first: (a: T, b: T) => number = none, last: (a: T, b: T) => number = none): T[] {
  const keyed = rows.map((row) => ({ row, key: fold(row.name) }));
  keyed.sort((a, b) => first(a.row, b.row) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || compareAscii(a.row.slug, b.row.slug) || last(a.row, b.row));
  for (let i = 0; i < rows.length; i++) rows[i] = keyed[i]!.row;
  return rows;
}

/** Slugs and dates are ASCII: code-point order (what `ls` shows for slugs). */
function compareAscii(a = '', b = ''): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
