import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { exportIcs, icsTimestamp } from '../../src/io/export-ics.js';
import type { CalendarInput } from '../../src/io/types.js';

const NOW = new Date(Date.UTC(2026, 10, 29, 8, 5, 9));

const input: CalendarInput = {
  followups: [
    { slug: 'ada-lovelace', name: 'Ada Lovelace', text: 'send the paper', due: '2026-12-05' },
    { slug: 'ada-lovelace', name: 'Ada Lovelace', text: 'ask about the RFC; and the talk, maybe', due: '2026-12-31' },
    { slug: 'grace-hopper', name: 'Grace Hopper', text: 'undated idea', due: null },
    { slug: 'grace-hopper', name: 'Grace Hopper', text: 'already done', due: '2026-11-01', done: true },
    {
      slug: 'jose-garcia',
      name: 'José García',
      text: 'enviar la presentación sobre compiladores y máquinas analíticas — versión final ✓',
      due: '2026-12-01',
    },
  ],
  checkins: [{ slug: 'grace-hopper', name: 'Grace Hopper', due_date: '2026-12-10' }],
};

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as never);
  return calendar.getAllSubcomponents('vevent').map((e) => {
    const start = e.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = e.getFirstPropertyValue('dtend') as ICAL.Time;
    return {
      uid: e.getFirstPropertyValue('uid') as string,
      summary: e.getFirstPropertyValue('summary') as string,
      start: start.toString(),
      end: end.toString(),
      allDay: start.isDate,
    };
  });
}

describe('exportIcs', () => {
  const ics = exportIcs(input, NOW);

  it('is a VCALENDAR with the required header', () => {
    const calendar = new ICAL.Component(ICAL.parse(ics) as never);
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//pln//pln//EN');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
  });

  it('has one all-day event per open dated follow-up and per check-in, on the right dates', () => {
    expect(events(ics).map(({ summary, start, end, allDay }) => ({ summary, start, end, allDay }))).toEqual([
      {
        summary: 'Follow up with José García: enviar la presentación sobre compiladores y máquinas analíticas — versión final ✓',
        start: '2026-12-01',
        end: '2026-12-02',
        allDay: true,
      },
      { summary: 'Follow up with Ada Lovelace: send the paper', start: '2026-12-05', end: '2026-12-06', allDay: true },
      { summary: 'Check in with Grace Hopper', start: '2026-12-10', end: '2026-12-11', allDay: true },
      {
        summary: 'Follow up with Ada Lovelace: ask about the RFC; and the talk, maybe',
        start: '2026-12-31',
        end: '2027-01-01',
        allDay: true,
      },
    ]);
    expect(ics).toContain('\r\nDTSTART;VALUE=DATE:20261205\r\nDTEND;VALUE=DATE:20261206\r\n');
    // TEXT escaping, seen once the folded line is joined again.
    expect(ics.replace(/\r\n /g, '')).toContain('\r\nSUMMARY:Follow up with Ada Lovelace: ask about the RFC\\; and the talk\\, maybe\r\n');
  });

  it('stamps every event with the time passed in, in UTC', () => {
    expect(icsTimestamp(NOW)).toBe('20261129T080509Z');
    expect(ics.match(/^DTSTAMP:.*$/gm)!.map((l) => l.trim())).toEqual(Array(4).fill('DTSTAMP:20261129T080509Z'));
  });

  it('uses CRLF everywhere and folds lines at 75 octets', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('gives stable UIDs: the same on re-export, whatever the input order or the due date', () => {
    const again = exportIcs(
      {
        followups: [...input.followups].reverse().map((f) => (f.text === 'send the paper' ? { ...f, due: '2027-01-15' } : f)),
        checkins: input.checkins,
      },
      new Date(Date.UTC(2027, 0, 1)),
    );
    const uidOf = (list: ReturnType<typeof events>, summary: string) => list.find((e) => e.summary === summary)!.uid;
    const before = events(ics);
    const after = events(again);
    for (const e of before) expect(uidOf(after, e.summary)).toBe(e.uid);
    expect(new Set(before.map((e) => e.uid)).size).toBe(4);
    for (const e of before) expect(e.uid).toMatch(/^[0-9a-f]{32}@pln$/);
  });

  it('numbers the UID of a follow-up repeated for the same person', () => {
    const twice = exportIcs(
      {
        followups: [
          { slug: 'ada', name: 'Ada', text: 'call', due: '2026-12-01' },
          { slug: 'ada', name: 'Ada', text: 'call', due: '2026-12-08' },
        ],
        checkins: [],
      },
      NOW,
    );
    const [first, second] = events(twice);
    expect(second!.uid).toBe(first!.uid.replace('@pln', '-2@pln'));
  });

  it('writes an empty calendar when there is nothing dated', () => {
    const empty = exportIcs({ followups: [], checkins: [] }, NOW);
    expect(empty).toBe('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pln//pln//EN\r\nCALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n');
  });

  it('refuses a due date that is not a calendar date', () => {
    const bad = { followups: [{ slug: 'a', name: 'Ada', text: 'x', due: '2026-02-30' }], checkins: [] };
    expect(() => exportIcs(bad, NOW)).toThrow(PlnError);
    expect(() => exportIcs(bad, NOW)).toThrow('follow-up "x" for Ada: date "2026-02-30" is not YYYY-MM-DD');
  });
});
