import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { readCalendar, splitCalendar } from '../../src/io/ical-events.js';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const opts = { since: '2026-01-01', today: '2026-11-29', dayOf: utcDay };

function cal(...events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');
}

/** A calendar with time zone X (one observance, eleven hours behind UTC, by `rule` from `start`) and a meeting at 20:00 there. */
function zoned(start: string, rule: string): string {
  const zone = ['BEGIN:VTIMEZONE', 'TZID:X', 'BEGIN:STANDARD', `DTSTART:${start}`, rule, 'TZOFFSETFROM:-1100', 'TZOFFSETTO:-1100', 'END:STANDARD', 'END:VTIMEZONE'];
  return cal(['UID:z', 'DTSTART;TZID=X:20261120T200000', 'SUMMARY:Late']).replace('VERSION:2.0\r\n', `VERSION:2.0\r\n${zone.join('\r\n')}\r\n`);
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

  it('uses a time zone of yearly rules (from 1601, as Outlook writes them); ignores one that changes more often, or too often, with its line', () => {
    // 20:00 eleven hours behind UTC is 07:00 the next day in UTC; without the zone, the day as written.
    const day = (text: string) => readCalendar(ICAL, text, opts);
    expect(day(zoned('16010101T000000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'))).toEqual({ events: [expect.objectContaining({ date: '2026-11-21' })], warnings: [], unread: 0 });
    expect(day(zoned('20200101T000000', 'RRULE:FREQ=DAILY'))).toEqual({
      events: [expect.objectContaining({ date: '2026-11-20' })],
      warnings: ['3: time zone "X" ignored (a rule of FREQ=DAILY; time zone rules recur yearly)'],
      unread: 0,
    });
    expect(day(zoned('16010101T000000', 'RRULE:FREQ=YEARLY;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20'))).toEqual({
      events: [expect.objectContaining({ date: '2026-11-20' })],
      warnings: ['3: time zone "X" ignored (more than 5000 changes before 2029)'],
      unread: 0,
    });
  });

  it('skips an event on a day or at a time that does not exist, with its line, instead of moving it (30 Feb is not 2 Mar)', () => {
    const text = cal(
      ['UID:a', 'DTSTART:20260230T100000Z', 'SUMMARY:Feb 30'],
      ['UID:b', 'DTSTART;VALUE=DATE:20261131', 'SUMMARY:Nov 31'],
      ['UID:c', 'DTSTART;TZID=Europe/Berlin:20261102T250000', 'SUMMARY:25 o clock'],
      ['UID:d', 'DTSTART:20261102T100000Z', 'RRULE:FREQ=WEEKLY;UNTIL=20261131T000000Z', 'SUMMARY:Until Nov 31'],
      ['UID:e', 'DTSTART:20261102T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', 'EXDATE:20261109T100000Z,20260229T100000Z', 'SUMMARY:Except Feb 29'],
      ['UID:f', 'DTSTART:20240229T100000Z', 'SUMMARY:Leap day'],
    );
    const r = readCalendar(ICAL, text, { ...opts, since: '2024-01-01' });
    expect(r.events.map((e) => `${e.date} ${e.summary}`)).toEqual(['2024-02-29 Leap day']);
    expect(r.warnings).toEqual([
      '3: an event could not be read (DTSTART 20260230T100000Z is not a date); skipped',
      '8: an event could not be read (DTSTART 20261131 is not a date); skipped',
      '13: an event could not be read (DTSTART 20261102T250000 is not a date); skipped',
      '18: an event could not be read (UNTIL 20261131T000000Z is not a date); skipped',
      '24: an event could not be read (EXDATE 20260229T100000Z is not a date); skipped',
    ]);
  });

  it('goes on after an RDATE period in an open-ended series, and counts the period at its start', () => {
    const text = cal([
      'UID:p',
      'DTSTART:20260106T100000Z',
      'RRULE:FREQ=MONTHLY;BYDAY=1TU',
      'RDATE;VALUE=PERIOD:20260125T090000Z/20260125T123000Z',
      'RDATE;VALUE=PERIOD:20260214T090000Z/PT1H',
      'SUMMARY:Monthly',
    ]);
    const dates = readCalendar(ICAL, text, opts).events.map((e) => e.date);
    expect(dates).toEqual(['2026-01-06', '2026-01-25', '2026-02-03', '2026-02-14', ...['03-03', '04-07', '05-05', '06-02', '07-07', '08-04', '09-01', '10-06', '11-03'].map((d) => `2026-${d}`)]);
  });

  it('reads a cancelled override as cancelled, matched by its instant when the series zone is known only to Intl (khal)', () => {
    // No VTIMEZONE: ical.js reads the series as floating 07:00, the override names 05:00 UTC, both 07:00 in Berlin;
    // the last, 07:00 on 27 July in Berlin, is 05:00 UTC: before the UNTIL of 06:00 UTC.
    const text = cal(
      ['UID:k', 'SUMMARY:Arbeit', 'RRULE:FREQ=WEEKLY;UNTIL=20260727T060000Z', 'DTSTART;TZID=Europe/Berlin:20260706T070000'],
      ['UID:k', 'SUMMARY:Moved', 'RECURRENCE-ID:20260713T050000Z', 'DTSTART;TZID=Europe/Berlin:20260714T090000'],
      ['UID:k', 'SUMMARY:Arbeit', 'RECURRENCE-ID:20260720T050000Z', 'DTSTART;TZID=Europe/Berlin:20260720T070000', 'STATUS:CANCELLED'],
    );
    expect(readCalendar(ICAL, text, opts).events.map((e) => `${e.date} ${e.summary}${e.cancelled ? ' cancelled' : ''}`)).toEqual([
      '2026-07-06 Arbeit',
      '2026-07-14 Moved',
      '2026-07-20 Arbeit cancelled',
      '2026-07-27 Arbeit',
    ]);
  });

  it('reads a floating EXDATE and RECURRENCE-ID on the wall clock of the series zone (Outlook, Teams)', () => {
    const zone = ['BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time', 'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'END:STANDARD', 'END:VTIMEZONE'];
    const text = cal(
      ['UID:t', 'DTSTART;TZID=W. Europe Standard Time:20261106T110000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE:20261113T110000', 'SUMMARY:Series'],
      ['UID:t', 'RECURRENCE-ID:20261120T110000', 'DTSTART;TZID=W. Europe Standard Time:20261121T110000', 'SUMMARY:Moved'],
    ).replace('VERSION:2.0\r\n', `VERSION:2.0\r\n${zone.join('\r\n')}\r\n`);
    expect(readCalendar(ICAL, text, opts).events.map((e) => `${e.date} ${e.summary}`)).toEqual(['2026-11-06 Series', '2026-11-21 Moved', '2026-11-27 Series']);
  });

  it("ends an all-day series whose UNTIL is a time on the day that time is a midnight (Exchange's local midnight in UTC)", () => {
    const series = (until: string) => readCalendar(ICAL, cal(['UID:u', 'DTSTART;VALUE=DATE:20261102', `RRULE:FREQ=WEEKLY;UNTIL=${until}`, 'SUMMARY:Off']), opts).events.map((e) => e.date);
    const through23 = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
    // 23 November in UTC+1, in UTC-5, and as Evolution writes it (midnight UTC); a day as RFC 5545 wants.
    expect(series('20261122T230000Z')).toEqual(through23);
    expect(series('20261123T050000Z')).toEqual(through23);
    expect(series('20261123T000000Z')).toEqual(through23);
    expect(series('20261123')).toEqual(through23);
    // 22 November's midnight in UTC+1 is the 21st at 23:00 UTC: the 23rd is past it.
    expect(series('20261121T230000Z')).toEqual(through23.slice(0, 3));
  });

  it('matches the exceptions of an all-day series by their day as written, whatever their zone (Exchange)', () => {
    // Eleven hours behind UTC: midnight there is 11:00 UTC the same day; 14 hours ahead, the day before in UTC.
    const zone = (id: string, offset: string) => [
      'BEGIN:VTIMEZONE',
      `TZID:${id}`,
      'BEGIN:STANDARD',
      'DTSTART:16010101T000000',
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
    const text = cal(
      ['UID:d', 'DTSTART;VALUE=DATE:20261102', 'DTEND;VALUE=DATE:20261103', 'RRULE:FREQ=WEEKLY;COUNT=5', 'EXDATE;TZID=Behind:20261109T000000', 'EXDATE:20261116T000000Z', 'SUMMARY:Off'],
      ['UID:d', 'RECURRENCE-ID;TZID=Ahead:20261123T000000', 'DTSTART;VALUE=DATE:20261124', 'SUMMARY:Off, moved'],
      ['UID:d', 'RECURRENCE-ID;TZID=Ahead:20261130T000000', 'DTSTART;VALUE=DATE:20261130', 'STATUS:CANCELLED', 'SUMMARY:Off'],
    ).replace('VERSION:2.0\r\n', `VERSION:2.0\r\n${[...zone('Behind', '-1100'), ...zone('Ahead', '+1400')].join('\r\n')}\r\n`);
    const r = readCalendar(ICAL, text, { ...opts, today: '2026-12-31' });
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => `${e.date} ${e.summary}${e.cancelled ? ' cancelled' : ''}`)).toEqual(['2026-11-02 Off', '2026-11-24 Off, moved', '2026-11-30 Off cancelled']);
  });

  it('joins an address folded in the middle and indented twice (as RFC 5545 prints its examples)', () => {
    const text = cal([
      'UID:f',
      'DTSTART:20261102T100000Z',
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=TENTATIVE;DELEGATED-FROM=',
      '  "mailto:iamboss@example.com";CN=Henry Cabot:mailto:hcabot@',
      '  example.com',
      'ATTENDEE;PARTSTAT=DELEGATED;CN=The Big Cheese:mailto:iamboss',
      '  @example.com',
      'ATTENDEE;PARTSTAT=ACCEPTED;CN=Jane Doe',
      '  :mailto:jdoe@example.com',
      'ORGANIZER;EMAIL=boss@ex',
      ' \tample.com:urn:uuid:1',
    ]);
    const [event] = readCalendar(ICAL, text, opts).events;
    expect(event!.attendees).toEqual([
      { email: 'hcabot@example.com', name: 'Henry Cabot', partstat: 'TENTATIVE' },
      { email: 'iamboss@example.com', name: 'The Big Cheese', partstat: 'DELEGATED' },
      { email: 'jdoe@example.com', name: 'Jane Doe', partstat: 'ACCEPTED' },
    ]);
    expect(event!.organizer).toEqual({ email: 'boss@example.com', name: '', partstat: '' });
  });

  it('unfolds lines folded with a space or a tab', () => {
    const text = cal(['UID:f', 'DTSTART:20261102T100000Z', 'SUMMARY:Quarterly', '\t planning', ' \u001b[31m!']);
    expect(readCalendar(ICAL, text, opts).events[0]!.summary).toBe('Quarterly planning!');
  });
});
