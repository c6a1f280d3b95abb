/**
 * iCalendar export (RFC 5545) of follow-ups and check-ins as all-day events, for
 * a calendar app to import or subscribe to. UIDs are hashes of what an event is
 * about, never of its date: re-exporting after a follow-up moves updates the
 * event in a subscribed calendar instead of adding a second one.
 */
import { createHash } from 'node:crypto';
import { addDays, isIsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { escapeText, joinContentLines } from './contentline.js';
import type { CalendarInput } from './types.js';

interface CalendarEvent {
  slug: string;
  kind: 'followup' | 'checkin';
  text: string;
  date: string;
  summary: string;
}

/** `2026-12-05` → `20261205`. */
function icsDate(date: string): string {
  return date.replace(/-/g, '');
}

/** A UTC time as `YYYYMMDDTHHMMSSZ`. */
export function icsTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The stable UID of an event: a hash of the person, the kind and the text. */
export function icsUid(slug: string, kind: string, text: string): string {
  return `${createHash('sha256').update(`${slug}\0${kind}\0${text}`).digest('hex').slice(0, 32)}@pln`;
}

function checkDate(date: string, what: string): string {
  if (!isIsoDate(date)) throw new PlnError('invalid', `${what}: date "${date}" is not YYYY-MM-DD`);
  return date;
}

/**
 * The calendar: one all-day VEVENT per open, dated follow-up on its due date and
 * one per check-in on its due date. `now` stamps DTSTAMP; it is passed in so the
 * output depends on nothing but the arguments.
 */
export function exportIcs(input: CalendarInput, now: Date): string {
  const events: CalendarEvent[] = [];
  for (const f of input.followups) {
    if (f.done || f.due === null) continue;
    events.push({
      slug: f.slug,
      kind: 'followup',
      text: f.text,
      date: checkDate(f.due, `follow-up "${f.text}" for ${f.name}`),
      summary: `Follow up with ${f.name}: ${f.text}`,
    });
  }
  for (const c of input.checkins) {
    events.push({
      slug: c.slug,
      kind: 'checkin',
      text: '',
      date: checkDate(c.due_date, `check-in with ${c.name}`),
      summary: `Check in with ${c.name}`,
    });
  }
  // Sorted so the file (and the numbering of a repeated UID) depends neither on the
  // input order nor, as localeCompare would, on the machine's locale.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  events.sort((a, b) => cmp(a.date, b.date) || cmp(a.summary, b.summary) || cmp(a.slug, b.slug));

  const stamp = icsTimestamp(now);
  const seen = new Map<string, number>();
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//pln//pln//EN', 'CALSCALE:GREGORIAN'];
  for (const e of events) {
    let uid = icsUid(e.slug, e.kind, e.text);
    // The same follow-up text twice for one person: number the later ones.
    const count = (seen.get(uid) ?? 0) + 1;
    seen.set(uid, count);
    if (count > 1) uid = uid.replace('@pln', `-${count}@pln`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(e.date)}`,
      `DTEND;VALUE=DATE:${icsDate(addDays(e.date, 1))}`,
      `SUMMARY:${escapeText(e.summary)}`,
      // A reminder, not a meeting: it should not mark the day as busy.
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return joinContentLines(lines);
}
