import { describe, expect, it } from 'vitest';
import { dateError, dayLabel, parseFutureDate, parsePastDate } from '../../src/domain/dates.js';

const T = '2026-11-29'; // a Sunday

describe('dates people type', () => {
  it('month names, for something to come: the next such day, today included', () => {
    expect(parseFutureDate('jan 15', T)).toBe('2027-01-15');
    expect(parseFutureDate('15 jan', T)).toBe('2027-01-15');
    expect(parseFutureDate('15 January 2027', T)).toBe('2027-01-15');
    expect(parseFutureDate('January 15, 2027', T)).toBe('2027-01-15');
    expect(parseFutureDate('dec 5th', T)).toBe('2026-12-05');
    expect(parseFutureDate('nov 29', T)).toBe('2026-11-29');
    expect(parseFutureDate('nov 28', T)).toBe('2027-11-28');
    expect(parseFutureDate('sept 3', T)).toBe('2027-09-03');
    expect(parseFutureDate('feb 29', T)).toBe('2028-02-29');
    expect(parseFutureDate('feb 30', T)).toBeNull();
    expect(parseFutureDate('31 June 2027', T)).toBeNull();
    expect(parseFutureDate('ja 15', T)).toBeNull();
    expect(parseFutureDate('foo 15', T)).toBeNull();
  });

  it('month names, for something that happened: the latest such day', () => {
    expect(parsePastDate('jan 15', T)).toBe('2026-01-15');
    expect(parsePastDate('dec 5', T)).toBe('2025-12-05');
    expect(parsePastDate('29 nov', T)).toBe('2026-11-29');
    expect(parsePastDate('last week', T)).toBe('2026-11-22');
    expect(parsePastDate('last month', T)).toBe('2026-10-29');
  });

  it('next week, end of month, in 3 weeks', () => {
    expect(parseFutureDate('next week', T)).toBe('2026-12-06');
    expect(parseFutureDate('end of month', T)).toBe('2026-11-30');
    expect(parseFutureDate('end of the month', '2027-02-03')).toBe('2027-02-28');
    expect(parseFutureDate('end of next month', T)).toBe('2026-12-31');
    expect(parseFutureDate('in 3 weeks', T)).toBe('2026-12-20');
    expect(parseFutureDate('next month', '2027-01-31')).toBe('2027-02-28');
  });

  it('numeric dates are refused as ambiguous, with both ISO readings', () => {
    expect(parseFutureDate('12/05', T)).toBeNull();
    const e = dateError('--due', '12/05', T, 'future');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('--due "12/05" is ambiguous: day and month order differ by country; write it as YYYY-MM-DD (2026-12-05 or 2027-05-12?)');
    expect(dateError('--due', '13/05/2027', T, 'future').message).toContain('(2027-05-13?)');
  });

  it('hints are computed from today', () => {
    expect(dateError('--due', 'someday', T, 'future').message).toBe('--due "someday" is not a date (try 2026-12-06, tomorrow, in 2w, friday, next week, end of month, dec 29)');
    expect(dateError('--due', 'someday', '2030-03-01', 'future').message).toContain('(try 2030-03-08,');
    expect(dateError('--date', 'someday', T, 'past').message).toBe('--date "someday" is not a date (try 2026-11-26, yesterday, 3d ago, monday, last week, oct 29)');
  });

  it('labels a day with its weekday', () => {
    expect(dayLabel('2027-01-15')).toBe('Fri 15 Jan 2027');
    expect(dayLabel('2026-11-29')).toBe('Sun 29 Nov 2026');
  });
});
