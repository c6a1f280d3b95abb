/**
 * What `pln capture` logs, decided from the messages and meetings read:
 * which ones count (you are in them; no list, bulk or broadcast mail, no big,
 * cancelled or declined meeting, nothing after today), whom they are with
 * (matched by email address only), and one entry per person, per day, per
 * thread or event. Also who you deal with that is not in the network
 * (`--new`). Pure: messages and events go in, plain data comes out.
 */
import type { Contact } from '../domain/contact.js';
import type { IsoDate } from '../domain/dates.js';
import type { Address, MailHeaders } from './mail-headers.js';
import { looksLikeList, subjectTags, threadSubject } from './mail-headers.js';
import type { CalendarEvent } from './ical-events.js';

/** An attendee who was not at the meeting: declined, or delegated it to someone else (RFC 5545 PARTSTAT). */
function absent(a: { partstat: string }): boolean {
  return a.partstat === 'DECLINED' || a.partstat === 'DELEGATED';
}

/** More recipients (or attendees) than this is a broadcast (or a big meeting). */
export const MAX_PEOPLE = 10;

export interface CaptureEntry {
  date: IsoDate;
  kind: 'email' | 'meeting';
  text: string;
}

export interface NewPerson {
  name: string;
  email: string;
  count: number;
  last: IsoDate;
}

export interface SourceCounts {
  messages: number;
  events: number;
  skipped: number;
}

export interface PlannerOptions {
  today: IsoDate;
  ownerEmails: string[];
  /** False: entries without the subject or summary. */
  subjects: boolean;
  /** The calendar day, in the machine's time zone, of an instant (ms). */
  dayOf: (ms: number) => IsoDate;
}

export class CapturePlanner {
  /** Entries by contact slug, keyed by `date\tkind\ttext` (one per person, day and thread). */
  readonly entries = new Map<string, Map<string, CaptureEntry>>();
  private readonly byEmail = new Map<string, Contact>();
  private readonly owner: Set<string>;
  private readonly strangers = new Map<string, { names: Map<string, number>; count: number; last: IsoDate }>();
  /** Mailing lists seen: addresses and List-Id ids (`l.x` for `l@x`); never offered by `--new`. */
  private readonly lists = new Set<string>();
  readonly contacts = new Map<string, Contact>();
  /** The earliest day captured from the source being read. */
  since: IsoDate;

  constructor(
    contacts: readonly Contact[],
    private readonly opts: PlannerOptions,
  ) {
    this.since = opts.today;
    this.owner = new Set(opts.ownerEmails.map((e) => e.trim().toLowerCase()));
    for (const c of contacts) {
      for (const e of c.emails) {
        const key = e.trim().toLowerCase();
        // You are never a contact, even when a file lists one of your addresses.
        if (key !== '' && !this.owner.has(key) && !this.byEmail.has(key)) this.byEmail.set(key, c);
      }
    }
  }

  /** Counts one message, and how it was skipped when a rule skips it (list, broadcast, future, ...). */
  addMessage(m: MailHeaders, counts: SourceCounts): void {
    counts.messages++;
    if (m.bulk !== null) {
      // The list it came through is a list wherever else it shows up (in your replies to it, say).
      for (const name of m.listNames ?? []) this.lists.add(name);
      counts.skipped++;
      return;
    }
    if (m.date === null) {
      counts.skipped++;
      return;
    }
    const date = this.opts.dayOf(m.date);
    if (date > this.opts.today) {
      counts.skipped++;
      return;
    }
    if (date < this.since) return;
    const recipients = [...m.to, ...m.cc, ...m.bcc];
    if (new Set(recipients.map((a) => a.email)).size > MAX_PEOPLE) {
      counts.skipped++;
      return;
    }
    const people = [...m.from, ...recipients];
    if (!people.some((a) => this.owner.has(a.email))) return;
    // The subject is decoded only for a message with someone of the network in it, or a stranger.
    let tags: Set<string> | undefined;
    const isList = (a: Address) => looksLikeList(a, (tags ??= subjectTags(m.subject)));
    this.record(people, date, 'email', () => (this.opts.subjects ? threadSubject(m.subject) : ''), isList);
  }

  /** Counts one meeting (an occurrence of an event). */
  addEvent(e: CalendarEvent, counts: SourceCounts): void {
    counts.events++;
    const me = e.attendees.find((a) => this.owner.has(a.email));
    if (e.cancelled || e.attendees.length > MAX_PEOPLE || e.date > this.opts.today || (me !== undefined && absent(me))) {
      counts.skipped++;
      return;
    }
    if (e.date < this.since) return;
    const organizer = e.organizer ? [e.organizer] : [];
    if (!me && !organizer.some((o) => this.owner.has(o.email))) return;
    // Someone who declined, or sent someone else, was not there.
    const people = [...organizer, ...e.attendees.filter((a) => !absent(a))];
    this.record(people, e.date, 'meeting', () => (this.opts.subjects ? e.summary.slice(0, 200) : ''));
  }

  private record(people: Address[], date: IsoDate, kind: CaptureEntry['kind'], textOf: () => string, isList?: (a: Address) => boolean): void {
    const seen = new Set<string>();
    let entry: CaptureEntry | null = null;
    for (const p of people) {
      if (this.owner.has(p.email) || seen.has(p.email)) continue;
      seen.add(p.email);
      const c = this.byEmail.get(p.email);
      if (c) {
        entry ??= { date, kind, text: textOf() };
        this.contacts.set(c.slug, c);
        let list = this.entries.get(c.slug);
        if (!list) this.entries.set(c.slug, (list = new Map()));
        list.set(`${entry.date}\t${entry.kind}\t${entry.text}`, entry);
        continue;
      }
      // Looks like a list in this message only (its name, its -list address, the subject's tag): skipped
      // here, not everywhere, so that one message does not hide a person (dana@ in "[dana] notes").
      if (isList?.(p)) continue;
      let s = this.strangers.get(p.email);
      if (!s) this.strangers.set(p.email, (s = { names: new Map(), count: 0, last: date }));
      s.count++;
      if (date > s.last) s.last = date;
      if (p.name !== '' && p.name.toLowerCase() !== p.email) s.names.set(p.name, (s.names.get(p.name) ?? 0) + 1);
    }
  }

  /** People you exchanged mail or meetings with who are not in the network: most frequent first. */
  newPeople(): NewPerson[] {
    const out: NewPerson[] = [];
    for (const [email, s] of this.strangers) {
      if (this.lists.has(email) || this.lists.has(email.replace('@', '.'))) continue;
      // The name they are most often shown with.
      let name = '';
      let best = 0;
      for (const [n, k] of s.names) if (k > best || (k === best && n < name)) [name, best] = [n, k];
      out.push({ name, email, count: s.count, last: s.last });
    }
    return out.sort((a, b) => b.count - a.count || (a.last < b.last ? 1 : a.last > b.last ? -1 : 0) || (a.email < b.email ? -1 : 1));
  }
}

/** Normalised for comparing with what is already in a log: case and spacing do not count. */
export function entryKey(date: string, kind: string | null, text: string): string {
  return `${date}\t${(kind ?? '').toLowerCase()}\t${text.replace(/\s+/g, ' ').trim().toLowerCase()}`;
}
