import { describe, expect, it } from 'vitest';
import { addCadence, cadenceDays, parseCadence } from '../../src/domain/cadence.js';
import { addDays, addMonths, daysBetween, isIsoDate, parseFutureDate, parsePastDate, relativeDate, today } from '../../src/domain/dates.js';

describe('calendar dates', () => {
  it('validates real dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-10-31', 1)).toBe('2026-11-30');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-02-28', '2026-11-29')).toBe(274);
  });

  it('is the same calendar day in every time zone', () => {
    // The arithmetic never consults the local clock: only PLN_TODAY or `now`.
    expect(today({ PLN_TODAY: '2026-11-29' })).toBe('2026-11-29');
    expect(today({}, new Date(2026, 10, 29, 23, 59))).toBe('2026-11-29');
    expect(() => today({ PLN_TODAY: '29/11/2026' })).toThrow(/PLN_TODAY/);
  });

  it('reads past dates: ISO, today, yesterday, N ago, weekday names', () => {
    const t = '2026-11-29'; // a Sunday
    expect(parsePastDate('2026-11-01', t)).toBe('2026-11-01');
    expect(parsePastDate('today', t)).toBe(t);
    expect(parsePastDate('yesterday', t)).toBe('2026-11-28');
    expect(parsePastDate('3d ago', t)).toBe('2026-11-26');
    expect(parsePastDate('2w ago', t)).toBe('2026-11-15');
    expect(parsePastDate('friday', t)).toBe('2026-11-27');
    expect(parsePastDate('Sunday', t)).toBe(t);
    expect(parsePastDate('mon', t)).toBe('2026-11-23');
    expect(parsePastDate('someday', t)).toBeNull();
  });

  it('reads "last WEEKDAY" as the latest such day before today, a weekday name alone as today on that day', () => {
    const friday = '2026-11-27';
    const last = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => parsePastDate(`last ${d}`, friday));
    expect(last).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-20', '2026-11-21']);
    expect(parsePastDate('Last  Fri', friday)).toBe('2026-11-20');
    expect(parsePastDate('friday', friday)).toBe(friday);
    expect(parsePastDate('thursday', friday)).toBe('2026-11-26');
  });

  it('reads future dates: tomorrow, in 2w, +3d, weekday names', () => {
    const t = '2026-11-29';
    expect(parseFutureDate('tomorrow', t)).toBe('2026-11-30');
    expect(parseFutureDate('in 2w', t)).toBe('2026-12-13');
    expect(parseFutureDate('+3d', t)).toBe('2026-12-02');
    expect(parseFutureDate('in 1m', t)).toBe('2026-12-29');
    expect(parseFutureDate('in 2 weeks', t)).toBe('2026-12-13');
    expect(parseFutureDate('sunday', t)).toBe('2026-12-06');
    expect(parseFutureDate('friday', t)).toBe('2026-12-04');
    expect(parseFutureDate('2026-02-30', t)).toBeNull();
  });

  it('says dates relative to today', () => {
    expect(relativeDate('2026-11-29', '2026-11-29')).toBe('today');
    expect(relativeDate('2026-11-26', '2026-11-29')).toBe('3 days ago');
    expect(relativeDate('2026-12-20', '2026-11-29')).toBe('in 3 weeks');
    expect(relativeDate('2026-01-01', '2026-11-29')).toBe('11 months ago');
  });
});

describe('cadence', () => {
  it('parses every form of the contract', () => {
    const cases: [string, number | null][] = [
      ['30d', 30],
      ['2w', 14],
      ['3m', 90],
      ['1y', 365],
      ['2y', 730],
      ['12m', 360],
      ['13m', 390],
      ['24m', 720],
      ['annually', 365],
      ['weekly', 7],
      ['biweekly', 14],
      ['monthly', 30],
      ['quarterly', 90],
      ['yearly', 365],
      ['none', null],
    ];
    for (const [text, days] of cases) expect(cadenceDays(parseCadence(text)!), text).toBe(days);
    expect(parseCadence('fortnightlyx')).toBeNull();
    expect(parseCadence('0d')).toBeNull();
    expect(parseCadence('')).toBeNull();
  });

  it('adds months by the calendar and days by the day', () => {
    expect(addCadence('2026-01-31', parseCadence('monthly')!)).toBe('2026-02-28');
    expect(addCadence('2026-11-30', parseCadence('quarterly')!)).toBe('2027-02-28');
    expect(addCadence('2024-02-29', parseCadence('1y')!)).toBe('2025-02-28');
    expect(addCadence('2026-11-29', parseCadence('2w')!)).toBe('2026-12-13');
    expect(addCadence('2026-11-29', parseCadence('none')!)).toBeNull();
  });
});
