/**
 * Meetings from an iCalendar file: every event (recurring ones expanded with
 * ical.js: RRULE, RDATE, EXDATE and RECURRENCE-ID overrides) with its
 * calendar day, summary, organizer, attendees and status.
 *
 * Calendars in the wild are often a little broken (Exchange's `BYDAY=MO, TU`,
 * a valueless `ORGANIZER;CN=x`, an EXDATE of `2020-01-16T::`). Each event is
 * parsed on its own, so one bad event never costs the others: a line ical.js
 * cannot read is left out, and an event that still cannot be read is
 * skipped with a warning naming its line. A calendar that is cut short (no
 * END:VCALENDAR) is an error: it may have lost events.
 */
import type ICALModule from 'ical.js';
import { daysInMonth, isRealTime } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { stripControl } from '../domain/text.js';

type ICAL = typeof ICALModule;
type Component = InstanceType<ICAL['Component']>;
type Time = InstanceType<ICAL['Time']>;
type Recur = InstanceType<ICAL['Recur']>;

export interface Attendee {
  /** Lower-cased. */
  email: string;
  name: string;
  /** `ACCEPTED`, `DECLINED`, ... (upper-case); '' when not given. */
  partstat: string;
}

/** One occurrence of an event. */
export interface CalendarEvent {
  date: string;
  summary: string;
  organizer: Attendee | null;
  attendees: Attendee[];
  cancelled: boolean;
}

export interface CalendarOptions {
  /** First and last calendar days wanted (recurrences are expanded over them only). */
  since: string;
  today: string;
  /** The calendar day, in the machine's time zone, of an instant (ms). */
  dayOf: (ms: number) => string;
}

export interface CalendarResult {
  /** Occurrences: every one of a recurring event from `since` to `today`, single events whatever their date. */
  events: CalendarEvent[];
  /** `LINE: what` for events left out. */
  warnings: string[];
  /** How many events were left out (unreadable, or a rule that cannot be expanded), each with its warning. */
  unread: number;
}

interface Block {
  kind: 'VEVENT' | 'VTIMEZONE';
  /** 1-based line of its BEGIN. */
  line: number;
  lines: string[];
}

/** Most occurrences expanded for one recurring event (a daily meeting since 1601 is 155,000). */
const MAX_OCCURRENCES = 250_000;

/** Whether the text starts like an iCalendar file. */
export function looksLikeCalendar(head: string): boolean {
  return /^\uFEFF?\s*BEGIN:VCALENDAR\s*$/im.test(head.slice(0, 4096).split('\n').slice(0, 3).join('\n'));
}

/** Unfolds content lines and cuts the calendar into its events and time zones. */
export function splitCalendar(text: string): { blocks: Block[]; complete: boolean } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  const stack: string[] = [];
  let current: Block | null = null;
  let closed = false;
  let broken = false;
  const lines: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i]!;
    if ((l.startsWith(' ') || l.startsWith('\t')) && lines.length > 0) lines[lines.length - 1]!.text += l.slice(1);
    else if (l.trim() !== '') lines.push({ text: l, line: i + 1 });
  }
  for (const { text: l, line } of lines) {
    const m = /^(BEGIN|END):([A-Za-z0-9-]+)\s*$/i.exec(l);
    if (m) {
      const name = m[2]!.toUpperCase();
      if (m[1]!.toUpperCase() === 'BEGIN') {
        stack.push(name);
        if (stack.length === 2 && stack[0] === 'VCALENDAR' && (name === 'VEVENT' || name === 'VTIMEZONE')) {
          current = { kind: name, line, lines: [] };
        }
        if (stack.length === 1 && name === 'VCALENDAR') closed = false;
      } else {
        // An END that closes nothing open is left alone.
        const at = stack.lastIndexOf(name);
        // Closing an outer component with an inner one still open: something was lost.
        if (at >= 0 && at < stack.length - 1) broken = true;
        if (at >= 0) stack.length = at;
        if (name === 'VCALENDAR' && stack.length === 0) closed = true;
        if (current !== null && stack.length < 2) {
          if (name === current.kind) blocks.push(current);
          current = null;
          continue;
        }
      }
    }
    current?.lines.push(l);
  }
  return { blocks, complete: closed && !broken && stack.length === 0 };
}

/**
 * Exchange writes `BYDAY=MO, TU`; other lines with no `name:value` shape are
 * dropped. A line folded before a quoted parameter value and indented by more
 * than the one space that unfolding takes away (`DELEGATED-FROM=` then
 * `  "mailto:boss@x.org"`) keeps a space before the quote, where ical.js no
 * longer sees a quoted value and cuts the line at the colon inside it.
 */
function repairLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (/^RRULE[;:]/i.test(l)) {
      const colon = l.indexOf(':');
      out.push(l.slice(0, colon + 1) + l.slice(colon + 1).replace(/\s+/g, ''));
      continue;
    }
    const colon = valueColon(l);
    if (colon < 0) continue;
    out.push(l.includes('"') ? l.slice(0, colon).replace(/=\s+"/g, '="') + l.slice(colon) : l);
  }
  return out;
}

/** Offset of the colon before the value (quoted parameter values may hold colons); -1 when none. */
function valueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i;
  }
  return -1;
}

function wrap(lines: string[]): string {
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${lines.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
}

/** Parses one block; lines ical.js refuses are left out. Throws when the block itself cannot be read. */
function parseBlock(ical: ICAL, block: Block): Component {
  const inner = block.lines.slice(1);
  const first = `BEGIN:${block.kind}`;
  const lines = repairLines(inner);
  const attempt = (ls: string[]) => {
    const comp = new ical.Component(ical.parse(wrap([first, ...ls, `END:${block.kind}`])));
    const sub = comp.getFirstSubcomponent(block.kind.toLowerCase());
    if (!sub) throw new Error(`no ${block.kind}`);
    // Values are parsed lazily: read them all now, so that a bad one shows here.
    for (const p of sub.getAllProperties()) p.getValues();
    return sub;
  };
  try {
    return attempt(lines);
  } catch {
    // Find the lines at fault, one at a time (nested components are kept whole).
    const kept: string[] = [];
    let depth = 0;
    for (const l of lines) {
      if (/^BEGIN:/i.test(l)) depth++;
      if (depth > 0 || /^END:/i.test(l)) {
        if (/^END:/i.test(l)) depth = Math.max(0, depth - 1);
        kept.push(l);
        continue;
      }
      try {
        attempt([l]);
        kept.push(l);
      } catch {
        // Left out.
      }
    }
    return attempt(kept);
  }
}

/** Reads the events of a calendar's text between `since` and `today`. */
export function readCalendar(ical: ICAL, text: string, opts: CalendarOptions): CalendarResult {
  const { blocks, complete } = splitCalendar(text);
  if (!complete) throw new PlnError('invalid', 'the calendar is cut short (no END:VCALENDAR, or a component never closed); not read');
  const warnings: string[] = [];
  let unread = 0;
  ical.TimezoneService.reset();
  // Days after today are never logged: a time zone's rules need not reach far past it.
  const horizon = Number(opts.today.slice(0, 4)) + 2;
  for (const b of blocks) {
    if (b.kind !== 'VTIMEZONE') continue;
    let tz: Component;
    try {
      tz = parseBlock(ical, b);
    } catch {
      // A time zone we cannot read: its events are read in local time.
      continue;
    }
    const tzid = tz.getFirstPropertyValue('tzid');
    if (!tzid) continue;
    let fault: string | null;
    try {
      fault = boundZone(ical, tz, horizon);
    } catch {
      // A rule ical.js cannot follow: as a time zone it cannot read.
      continue;
    }
    if (fault !== null) warnings.push(`${b.line}: time zone "${oneLine(String(tzid)).slice(0, 100)}" ignored (${fault})`);
    else ical.TimezoneService.register(tz);
  }
  // Overrides are matched to their series by UID, wherever they are in the file.
  const masters: { comp: Component; line: number }[] = [];
  const overrides = new Map<string, Component[]>();
  for (const b of blocks) {
    if (b.kind !== 'VEVENT') continue;
    // ical.js turns Feb 30 into Mar 2 without a word: an event on a day that does not exist has no date.
    const impossible = impossibleDate(b.lines);
    if (impossible !== null) {
      warnings.push(`${b.line}: an event could not be read (${impossible}); skipped`);
      unread++;
      continue;
    }
    let comp: Component;
    try {
      comp = parseBlock(ical, b);
    } catch (err) {
      warnings.push(`${b.line}: an event could not be read (${oneLine((err as Error).message)}); skipped`);
      unread++;
      continue;
    }
    const uid = String(comp.getFirstPropertyValue('uid') ?? '');
    if (comp.hasProperty('recurrence-id') && uid !== '') {
      const list = overrides.get(uid);
      if (list) list.push(comp);
      else overrides.set(uid, [comp]);
    } else masters.push({ comp, line: b.line });
  }
  const events: CalendarEvent[] = [];
  const seriesUids = new Set<string>();
  for (const { comp, line } of masters) {
    const uid = String(comp.getFirstPropertyValue('uid') ?? '');
    const own = uid !== '' && !seriesUids.has(uid) ? (overrides.get(uid) ?? []) : [];
    if (own.length > 0) seriesUids.add(uid);
    try {
      expand(ical, comp, own, opts, events);
    } catch (err) {
      warnings.push(`${line}: an event could not be expanded (${oneLine((err as Error).message)}); skipped`);
      unread++;
    }
  }
  // Overrides of a series that is not in the file stand alone.
  for (const [uid, list] of overrides) {
    if (seriesUids.has(uid)) continue;
    for (const comp of list) {
      const start = comp.getFirstPropertyValue('dtstart') as Time | null;
      if (start) events.push(occurrence(comp, dayOfTime(start, comp, opts)));
    }
  }
  return { events, warnings, unread };
}

function expand(ical: ICAL, comp: Component, exceptions: Component[], opts: CalendarOptions, out: CalendarEvent[]): void {
  const start = comp.getFirstPropertyValue('dtstart') as Time | null;
  if (!start) throw new Error('no DTSTART');
  alignDates(ical, comp, exceptions, start);
  const event = new ical.Event(comp, { strictExceptions: false, exceptions });
  if (!event.isRecurring()) {
    out.push(occurrence(comp, dayOfTime(start, comp, opts)));
    return;
  }
  for (const prop of comp.getAllProperties('rrule')) {
    if (neverRecurs(prop.getFirstValue() as Recur, start)) throw new Error('its rule names no day that exists (BYMONTH, BYMONTHDAY, BYYEARDAY, BYDAY)');
  }
  const it = event.iterator();
  for (let n = 0; n < MAX_OCCURRENCES; n++) {
    const next = it.next();
    if (!next) return;
    // Cheap bounds on the wall-clock date first; the exact day only near the window.
    const wall = isoOf(next.year, next.month, next.day);
    if (wall > addDay(opts.today)) return;
    if (wall < addDay(opts.since, -1)) continue;
    const details = event.getOccurrenceDetails(next);
    const item = details.item.component;
    const date = dayOfTime(details.startDate, item, opts);
    if (date < opts.since || date > opts.today) continue;
    out.push(occurrence(item, date));
  }
  throw new Error(`more than ${MAX_OCCURRENCES} occurrences before today`);
}

/**
 * Writes the dates that pick a series' occurrences (RDATE, EXDATE, the
 * RECURRENCE-ID of each override, and UNTIL) the way its
 * DTSTART is written. ical.js matches an exception to an occurrence by how
 * both are written, not by day or instant, compares a time it cannot place
 * as if it were UTC, and takes an RDATE period for a date that ends the series:
 * - an RDATE period is its start;
 * - in an all-day series, a time is its day as written, whatever its zone
 *   (Exchange writes `EXDATE;TZID=GMT Standard Time:20240715T000000`);
 * - a floating time is a wall clock in the series' zone (Outlook writes
 *   `EXDATE:20260403T110000` beside a DTSTART with a TZID);
 * - a time of another zone is the same instant in the series' zone, on its
 *   wall clock when only Intl knows that zone (khal's UTC RECURRENCE-ID in a
 *   series of `TZID=Europe/Berlin` with no VTIMEZONE);
 * - in a series with no zone at all, a time is its wall clock as written.
 * A day (`EXDATE;VALUE=DATE`) in a timed series is left as it is: ical.js
 * matches it by the occurrence's day.
 */
function alignDates(ical: ICAL, comp: Component, exceptions: Component[], start: Time): void {
  const seriesTzid = tzidOf(comp.getFirstProperty('dtstart'));
  const seriesZone = isFloating(start) ? null : start.zone!;
  const seriesWall = seriesZone === null && seriesTzid !== null && zoneFormatter(seriesTzid) !== null ? seriesTzid : null;
  const wall = ({ year, month, day, hour, minute, second }: Wall, zone?: Time['zone']) => ical.Time.fromData({ year, month, day, hour, minute, second, isDate: false }, zone);
  const align = (value: unknown, tzid: string | null): unknown => {
    const t = value instanceof ical.Period ? value.start : value;
    if (!(t instanceof ical.Time)) return value;
    if (start.isDate) return ical.Time.fromData({ year: t.year, month: t.month, day: t.day, isDate: true });
    if (t.isDate) return t;
    if (seriesZone === null && seriesWall === null) return wall(t);
    const ms = instantOf(t, tzid);
    if (seriesZone !== null) return ms === null ? wall(t, seriesZone) : ical.Time.fromJSDate(new Date(ms), true).convertToZone(seriesZone);
    return ms === null ? wall(t) : wall(wallIn(ms, seriesWall!));
  };
  for (const prop of comp.getAllProperties('rdate').concat(comp.getAllProperties('exdate'))) {
    const tzid = tzidOf(prop);
    prop.setValues(prop.getValues().map((v) => align(v, tzid)));
  }
  for (const ex of exceptions) {
    const prop = ex.getFirstProperty('recurrence-id')!;
    prop.setValue(align(prop.getFirstValue(), tzidOf(prop)) as Time);
  }
  for (const prop of comp.getAllProperties('rrule')) {
    const rule = prop.getFirstValue() as Recur;
    if (!rule.until) continue;
    if (!start.isDate) rule.until = align(rule.until, null) as Time;
    else if (!rule.until.isDate) rule.until = dayOfMidnight(ical, rule.until);
  }
}

/**
 * The last day of an all-day series whose UNTIL is a time. RFC 5545 wants a
 * day there; Exchange writes the last day's local midnight in UTC
 * (`UNTIL=20240728T230000Z` for 29 July in UTC+1, `T050000Z` in UTC-5): the
 * day on which that time is a midnight somewhere from UTC-12 to UTC+12. A
 * time before noon is its own day (`T000000Z`, as Evolution writes it).
 */
function dayOfMidnight(ical: ICAL, t: Time): Time {
  const d = t.clone();
  if (d.hour >= 12) d.adjust(1, 0, 0, 0);
  return ical.Time.fromData({ year: d.year, month: d.month, day: d.day, isDate: true });
}

/** Rules that step a day or less at a time: ical.js looks at every step for a day the BY-parts allow. */
const FINE_STEPS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY']);
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * Whether a rule that steps a day or less at a time allows no day in the
 * eight years after its start (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`): ical.js
 * would step through days for ever inside one call, which no cap on
 * occurrences can stop. Eight years hold every day a calendar has, 29
 * February included.
 */
function neverRecurs(rule: Recur, start: Time): boolean {
  if (!FINE_STEPS.has(rule.freq)) return false;
  const { BYMONTH: months, BYMONTHDAY: monthDays, BYYEARDAY: yearDays, BYDAY: weekdays } = rule.parts;
  if (!months && !monthDays && !yearDays && !weekdays) return false;
  const days = weekdays?.map((d) => WEEKDAYS.indexOf(d.replace(/^[+-]?\d*/, '').toUpperCase()));
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let n = 0; n < 8 * 366; n++, day.setUTCDate(day.getUTCDate() + 1)) {
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (months && !months.includes(m)) continue;
    if (monthDays && !monthDays.includes(d) && !monthDays.includes(d - daysInMonth(y, m) - 1)) continue;
    if (yearDays) {
      const yday = Math.round((day.getTime() - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
      const length = daysInMonth(y, 2) === 29 ? 366 : 365;
      if (!yearDays.includes(yday) && !yearDays.includes(yday - length - 1)) continue;
    }
    if (days && !days.includes(day.getUTCDay())) continue;
    return false;
  }
  return true;
}

/** Most changes of one time zone observance up to the horizon (a yearly rule since 1601 makes about 430). */
const MAX_ZONE_CHANGES = 5_000;

/**
 * Why a time zone cannot be used, or null; cuts its rules at the end of
 * `horizon` (a year). ical.js expands every rule of a zone from its DTSTART
 * (Outlook writes 1601) up to the year of each time it converts, with no
 * bound: a rule of every minute since 1601 would run for hours, and so
 * would a rule of every day whose BYMONTHDAY never comes. Zones change a
 * few times a year by yearly rules (ical.js gives up on a yearly rule that
 * matches no day); anything else is refused, and so is a yearly rule with
 * too many changes before the horizon.
 */
function boundZone(ical: ICAL, tz: Component, horizon: number): string | null {
  for (const observance of tz.getAllSubcomponents()) {
    const prop = observance.getFirstProperty('rrule');
    const start = observance.getFirstPropertyValue('dtstart') as Time | null;
    if (!prop || !start) continue;
    const rule = prop.getFirstValue() as Recur;
    if (rule.freq !== 'YEARLY') return `a rule of FREQ=${rule.freq}; time zone rules recur yearly`;
    const it = rule.iterator(start);
    let changes = 0;
    for (let next = it.next(); next && next.year <= horizon; next = it.next()) {
      if (++changes > MAX_ZONE_CHANGES) return `more than ${MAX_ZONE_CHANGES} changes before ${horizon + 1}`;
    }
    if (!rule.until || rule.until.year > horizon) {
      const cut = rule.clone();
      cut.until = ical.Time.fromData({ year: horizon, month: 12, day: 31, hour: 23, minute: 59, second: 59, isDate: false });
      prop.setValue(cut);
    }
  }
  return null;
}

/** The date properties that decide when an event happens; DTEND and the like decide nothing here. */
const DATE_LINE_RE = /^(DTSTART|RECURRENCE-ID|RDATE|EXDATE|RRULE)[;:]/i;

/** `DTSTART 20260230T100000Z is not a date` when a date property names a day or time that does not exist; null when none does. */
function impossibleDate(lines: string[]): string | null {
  for (const line of lines) {
    const name = DATE_LINE_RE.exec(line)?.[1];
    if (name === undefined) continue;
    const value = line.slice(valueColon(line) + 1);
    const rrule = name.toUpperCase() === 'RRULE';
    const values = rrule ? [/(?:^|;)UNTIL=([^;]*)/i.exec(value)?.[1] ?? ''] : value.split(/[,/]/);
    for (const v of values) {
      const m = /^\s*(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?\s*$/i.exec(v);
      if (!m) continue;
      const [year, month, day, hour, minute, second] = m.slice(1).map((d) => Number(d ?? 0)) as [number, number, number, number, number, number];
      if (!isRealTime(year, month, day, hour, minute, second)) return `${rrule ? 'UNTIL' : name.toUpperCase()} ${v.trim()} is not a date`;
    }
  }
  return null;
}

function occurrence(comp: Component, date: string): CalendarEvent {
  const person = (prop: ReturnType<Component['getFirstProperty']>): Attendee | null => {
    if (!prop) return null;
    const value = String(prop.getFirstValue() ?? '');
    const param = (name: string) => {
      const v = prop.getParameter(name);
      return Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v);
    };
    // Apple writes `ATTENDEE;EMAIL=ada@x:urn:uuid:...`.
    let email = /^\s*mailto:/i.test(value) ? value.replace(/^\s*mailto:/i, '') : value.includes('@') && !value.includes(':') ? value : param('email');
    // An address holds no whitespace: a line folded inside one and indented by more than the one
    // space that unfolding takes away (`mailto:hcabot@` then `  example.com`) leaves some in.
    email = email.replace(/\s+/g, '').toLowerCase();
    if (!/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(email)) return null;
    return { email, name: oneLine(param('cn')).replace(/^"|"$/g, ''), partstat: param('partstat').toUpperCase() };
  };
  const attendees = comp
    .getAllProperties('attendee')
    .map(person)
    .filter((a): a is Attendee => a !== null);
  return {
    date,
    summary: oneLine(String(comp.getFirstPropertyValue('summary') ?? '')),
    organizer: person(comp.getFirstProperty('organizer')),
    attendees,
    cancelled: String(comp.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED',
  };
}

function oneLine(s: string): string {
  return stripControl(s.replace(/[\r\n\t]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function addDay(date: string, days = 1): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The calendar day of a start: an all-day event's own date; a time with a
 * known zone (UTC, or a VTIMEZONE in the file, or an IANA name) on the
 * machine's clock; a floating time as written.
 */
function dayOfTime(t: Time, comp: Component, opts: CalendarOptions): string {
  const ms = t.isDate ? null : instantOf(t, tzidOf(comp.getFirstProperty('dtstart')));
  return ms === null ? isoOf(t.year, t.month, t.day) : opts.dayOf(ms);
}

type Wall = Pick<Time, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>;

function tzidOf(prop: ReturnType<Component['getFirstProperty']>): string | null {
  const tzid = prop?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : null;
}

/** Whether ical.js knows no zone for a time: none written, or a TZID that is neither UTC nor a VTIMEZONE of the file. */
function isFloating(t: Time): boolean {
  const zone = t.zone?.tzid;
  return !zone || zone === 'floating';
}

/** The instant (ms) of a time, its TZID read through Intl when ical.js knows no such zone; null for a wall clock in no known zone. */
function instantOf(t: Time, tzid: string | null): number | null {
  if (!isFloating(t)) return t.toUnixTime() * 1000;
  return tzid === null ? null : zonedInstant(t, tzid);
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The formatter of an IANA zone (`Europe/Berlin`); null for other names. */
function zoneFormatter(tzid: string): Intl.DateTimeFormat | null {
  let fmt = formatters.get(tzid);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: tzid.replace(/^\//, ''),
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      fmt = null;
    }
    formatters.set(tzid, fmt);
  }
  return fmt;
}

/** The wall clock of an instant in a zone, as the milliseconds of the same clock in UTC. */
function wallMs(fmt: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
}

/** The wall clock of an instant in an IANA zone that `zoneFormatter` knows. */
function wallIn(ms: number, tzid: string): Wall {
  const d = new Date(wallMs(zoneFormatter(tzid)!, ms));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** The instant of a wall-clock time in an IANA zone (`Europe/Berlin`), through Intl; null for other names. */
function zonedInstant(t: Wall, tzid: string): number | null {
  const fmt = zoneFormatter(tzid);
  if (fmt === null) return null;
  const offset = (ms: number) => wallMs(fmt, ms) - ms;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const first = wall - offset(wall);
  return wall - offset(first);
}
