import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { readCalendar, splitCalendar } from '../../src/io/ical-events.js';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const opts = { since: '2026-01-01', today: '2026-11-29', dayOf: utcDay };

function cal(...events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
}

describe('calendar events', () => {
  it('expands RRULE with EXDATE, RDATE and a RECURRENCE-ID override listed before its series', () => {
    const text = cal(
      ['UID:s1', 'RECURRENCE-ID:20261109T100000Z', 'DTSTART:20261110T150000Z', 'SUMMARY:Moved', 'STATUS:CONFIRMED'],
      ['UID:s1', 'DTSTART:20261102T100000Z', 'RRULE:FREQ=WEEKLY', 'EXDATE:20261116T100000Z', 'RDATE:20261105T100000Z', 'SUMMARY:Weekly'],
    );
    const r = readCalendar(ICAL, text, opts);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => `${e.date} ${e.summary}`)).toEqual(['2026-11-02 Weekly', '2026-11-05 Weekly', '2026-11-10 Moved', '2026-11-23 Weekly']);
  });

  it('dates all-day events by their own date and timed ones in the machine zone; reads people and status', () => {
    const text = cal(
      [
        'UID:a',
        'DTSTART;VALUE=DATE:20261127',
        'SUMMARY:Offsite',
        'ORGANIZER;CN="Me, Myself":mailto:Me@Example.com',
        'ATTENDEE;PARTSTAT=DECLINED;CN=Ada:mailto:ada@x.org',
        'ATTENDEE;EMAIL=bob@x.org:urn:uuid:123',
      ],
      ['UID:b', 'DTSTART;TZID=America/New_York:20261120T220000', 'SUMMARY:Late call', 'STATUS:CANCELLED'],
    );
    const [offsite, late] = readCalendar(ICAL, text, opts).events;
    expect(offsite).toEqual({
      date: '2026-11-27',
      summary: 'Offsite',
      organizer: { email: 'me@example.com', name: 'Me, Myself', partstat: '' },
      attendees: [
        { email: 'ada@x.org', name: 'Ada', partstat: 'DECLINED' },
        { email: 'bob@x.org', name: '', partstat: '' },
      ],
      cancelled: false,
    });
    // 22:00 in New York (no VTIMEZONE in the file) is 03:00 the next day in UTC.
    expect(late).toMatchObject({ date: '2026-11-21', cancelled: true });
  });

  it('reads what it can of a broken event and skips what it cannot, with the line', () => {
    const text = cal(['UID:x', 'DTSTART:20261102T100000Z', 'RRULE:FREQ=DAILY;COUNT=3;BYDAY=MO, TU, WE', 'ORGANIZER;CN=Valueless', 'SUMMARY:Repaired'], ['UID:y', 'SUMMARY:No start']);
    const r = readCalendar(ICAL, text, opts);
    expect(r.events.map((e) => `${e.date} ${e.summary}`)).toEqual(['2026-11-02 Repaired', '2026-11-03 Repaired', '2026-11-04 Repaired']);
    expect(r.warnings).toEqual([expect.stringMatching(/^10: an event could not be expanded \(.*\); skipped$/)]);
  });

  it('refuses a calendar that is cut short', () => {
    const text = cal(['UID:x', 'DTSTART:20261102T100000Z']);
    expect(() => readCalendar(ICAL, text.slice(0, -20), opts)).toThrow(/cut short/);
    expect(splitCalendar(text).complete).toBe(true);
    expect(splitCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n').complete).toBe(false);
  });

  it('unfolds lines folded with a space or a tab', () => {
    const text = cal(['UID:f', 'DTSTART:20261102T100000Z', 'SUMMARY:Quarterly', '\t planning', ' \u001b[31m!']);
    expect(readCalendar(ICAL, text, opts).events[0]!.summary).toBe('Quarterly planning!');
  });
});
