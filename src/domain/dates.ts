/**
 * Calendar dates as `YYYY-MM-DD` strings. A date in a file has no time zone:
 * it is the same calendar day everywhere, so all arithmetic goes through UTC
 * midnights and never through the local clock.
 */
import { PlnError } from './errors.js';
import { remembered } from './memo.js';

export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** True when `s` is a real calendar date in `YYYY-MM-DD` form (no 2026-02-30, no year 0000). */
export function isIsoDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  return y >= 1 && isRealTime(y, Number(m[2]), Number(m[3]));
}

/**
 * Whether a day (month 1-12, a day the month has) and a time of day exist,
 * in any year; a leap second, :60, does. What mail and calendar dates are
 * checked by before Date.UTC would roll 30 February over to 2 March.
 */
export function isRealTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 60;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Date.UTC of a calendar day, also for years 1-99 (which Date.UTC takes as 1901-1999). */
function utcOf(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** The last date pln can write (four-digit years). */
const LAST_DATE = '9999-12-31';
const FIRST_MS = utcOf(1, 1, 1);
const LAST_MS = utcOf(9999, 12, 31);

// A network holds a few thousand distinct dates, each used many times: the
// conversions are remembered.
const toUtc = remembered((date: IsoDate): number => {
  const m = ISO_RE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return utcOf(Number(m[1]), Number(m[2]), Number(m[3]));
});

/**
 * A UTC midnight as a date, held to the dates pln can write: arithmetic that
 * passes 9999-12-31 (a cadence added to the last date) stops there, and
 * before 0001-01-01 at that day.
 */
const fromUtc = remembered((ms: number): IsoDate => new Date(Math.min(Math.max(ms, FIRST_MS), LAST_MS)).toISOString().slice(0, 10));

/** The date `days` days after `date` (held to 0001-01-01 … 9999-12-31). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar-month arithmetic: Jan 31 + 1 month = Feb 28 (or 29); held to 0001-01-01 … 9999-12-31. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  let add = monthAdders.get(months);
  if (!add) {
    if (monthAdders.size >= 1000) monthAdders.clear();
    add = remembered((d: IsoDate) => addMonthsOnce(d, months));
    monthAdders.set(months, add);
  }
  return add(date);
}

/** By month count (a network uses a handful: its cadences): addMonths of each date, remembered. */
const monthAdders = new Map<number, (date: IsoDate) => IsoDate>();

function addMonthsOnce(date: IsoDate, months: number): IsoDate {
  return fromUtc(monthsLater(date, months));
}

/** The UTC midnight `months` calendar months after `date`, whatever its year. */
function monthsLater(date: IsoDate, months: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - 12 * year + 1;
  return utcOf(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The UTC midnight `n` units (d, w, m, y) after `date`, whatever its year. */
function unitsLater(date: IsoDate, n: number, unit: string): number {
  if (unit === 'd' || unit === 'w') return toUtc(date) + (unit === 'w' ? 7 : 1) * n * DAY_MS;
  return monthsLater(date, unit === 'm' ? n : 12 * n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** 0 = Sunday. */
export function weekday(date: IsoDate): number {
  return new Date(toUtc(date)).getUTCDay();
}

/** Today's calendar date: `PLN_TODAY` when set (tests, demos), else the local clock. */
export function today(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): IsoDate {
  const pinned = env.PLN_TODAY;
  if (pinned !== undefined && pinned !== '') {
    if (!isIsoDate(pinned)) {
      throw new PlnError('invalid', `PLN_TODAY="${pinned}" is not a date (use YYYY-MM-DD)`);
    }
    return pinned;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const UNIT_RE = /^(\d{1,4})\s*(d|w|m|y)$/;

/** Adds `n` units (d, w, m, y) to a date, months and years by the calendar. */
export function addUnits(date: IsoDate, n: number, unit: string): IsoDate {
  switch (unit) {
    case 'd':
      return addDays(date, n);
    case 'w':
      return addDays(date, 7 * n);
    case 'm':
      return addMonths(date, n);
    default:
      return addMonths(date, 12 * n);
  }
}

function weekdayIndex(word: string): number {
  const w = word.toLowerCase();
  if (w.length < 3) return -1;
  return WEEKDAYS.findIndex((d) => d.startsWith(w));
}

/**
 * A date the user typed for something that happened: ISO, `today`,
 * `yesterday`, `3d ago`, `2w ago`, or a weekday name (the latest such day,
 * today included; with `last`, before today). Returns null when the text is
 * not a date.
 */
export function parsePastDate(text: string, todayDate: IsoDate): IsoDate | null {
  const s = text.trim().toLowerCase();
  if (isIsoDate(s)) return s;
  if (s === 'today') return todayDate;
  if (s === 'yesterday') return addDays(todayDate, -1);
  const ago = /^(\d{1,4})\s*(d|w|m|y)\s+ago$/.exec(s) ?? /^-(\d{1,4})(d|w|m|y)$/.exec(s) ?? /^(\d{1,4})\s+(day|week|month|year)s?\s+ago$/.exec(s);
  if (ago) return inRange(text, unitsLater(todayDate, -Number(ago[1]), ago[2]![0]!));
  const last = /^last\s+/.test(s);
  const wd = weekdayIndex(s.replace(/^last\s+/, ''));
  if (wd >= 0) {
    // `friday` on a Friday is today; `last friday` is the one before.
    const back = (weekday(todayDate) - wd + 7) % 7 || (last ? 7 : 0);
    return addDays(todayDate, -back);
  }
  if (s === 'last week' || s === 'a week ago') return addDays(todayDate, -7);
  if (s === 'last month' || s === 'a month ago') return addMonths(todayDate, -1);
  return monthNameDate(s, todayDate, 'past');
}

/**
 * A date the user typed for something to come: ISO, `today`, `tomorrow`,
 * `in 2w`, `+3d`, `3d`, or a weekday name (the next such day, after today).
 * Returns null when the text is not a date.
 */
export function parseFutureDate(text: string, todayDate: IsoDate): IsoDate | null {
  const s = text.trim().toLowerCase();
  if (isIsoDate(s)) return s;
  if (s === 'today') return todayDate;
  if (s === 'tomorrow') return addDays(todayDate, 1);
  const rel = /^(?:in\s+|\+)?(\d{1,4})\s*(d|w|m|y)$/.exec(s) ?? /^in\s+(\d{1,4})\s+(day|week|month|year)s?$/.exec(s);
  if (rel) return inRange(text, unitsLater(todayDate, Number(rel[1]), rel[2]![0]!));
  const wd = weekdayIndex(s.replace(/^next\s+/, ''));
  if (wd >= 0) {
    const ahead = (wd - weekday(todayDate) + 7) % 7 || 7;
    return addDays(todayDate, ahead);
  }
  if (s === 'next week' || s === 'in a week') return addDays(todayDate, 7);
  if (s === 'next month' || s === 'in a month') return addMonths(todayDate, 1);
  const end = /^end of (?:the )?(this |next )?month$/.exec(s);
  if (end) {
    const month = end[1] === 'next ' ? addMonths(`${todayDate.slice(0, 7)}-01`, 1) : `${todayDate.slice(0, 7)}-01`;
    return addDays(addMonths(month, 1), -1);
  }
  return monthNameDate(s, todayDate, 'future');
}

const MONTH_WORDS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1-12 for a month name or its abbreviation of at least three letters (`sept` too); 0 otherwise. */
function monthOf(word: string): number {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return 0;
  const i = MONTH_WORDS.findIndex((m) => m.startsWith(w) || (w === 'sept' && m === 'september'));
  return i + 1;
}

/**
 * `jan 15`, `15 jan`, `15 January 2027`, `January 15, 2027`: with a year,
 * that day; without, the next such day (today included) for something to
 * come, the latest (today included) for something that happened.
 */
function monthNameDate(s: string, todayDate: IsoDate, direction: 'past' | 'future'): IsoDate | null {
  const m = /^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]+\.?),?(?:\s+(\d{4}))?$/.exec(s) ?? /^([a-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$/.exec(s);
  if (!m) return null;
  const [dayText, monthText] = /^\d/.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
  const month = monthOf(monthText);
  const day = Number(dayText);
  if (month === 0) return null;
  const iso = (y: number) => `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (m[3] !== undefined) return isIsoDate(iso(Number(m[3]))) ? iso(Number(m[3])) : null;
  const year = Number(todayDate.slice(0, 4));
  // Up to eight years on: 29 February comes back every four.
  for (let k = 0; k < 9; k++) {
    const y = direction === 'future' ? year + k : year - k;
    const d = iso(y);
    if (isIsoDate(d) && (direction === 'future' ? d >= todayDate : d <= todayDate)) return d;
  }
  return null;
}

/** A relative date that lands outside years 0001-9999 is an error, not a date. */
function inRange(text: string, ms: number): IsoDate {
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) {
    throw new PlnError('invalid', `"${text.trim()}" lands outside the dates pln can write (0001-01-01 to ${LAST_DATE})`);
  }
  return fromUtc(ms);
}

/** `12/05`, `05.12.2026`: day and month in an order that depends on the country. */
const NUMERIC_DATE_RE = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/;

/**
 * The usage error for a date that could not be read, with examples
 * computed from today (never a date in the past for something to come).
 * A numeric date like `12/05` is refused as ambiguous, with both ISO readings.
 */
export function dateError(what: string, text: string, todayDate: IsoDate, direction: 'past' | 'future'): PlnError {
  const s = text.trim();
  const n = NUMERIC_DATE_RE.exec(s);
  if (n) {
    const readings = new Set<string>();
    for (const [mo, d] of [
      [n[1]!, n[2]!],
      [n[2]!, n[1]!],
    ] as const) {
      const year = n[3] === undefined ? null : n[3].length === 2 ? 2000 + Number(n[3]) : Number(n[3]);
      const words = `${Number(d)} ${MONTH_WORDS[Number(mo) - 1] ?? ''}${year === null ? '' : ` ${year}`}`;
      const iso = monthNameDate(words, todayDate, direction);
      if (iso && Number(mo) >= 1 && Number(mo) <= 12) readings.add(iso);
    }
    const hint = readings.size > 0 ? ` (${[...readings].join(' or ')}?)` : '';
    return new PlnError('usage', `${what} "${s}" is ambiguous: day and month order differ by country; write it as YYYY-MM-DD${hint}`);
  }
  const examples =
    direction === 'future'
      ? [addDays(todayDate, 7), 'tomorrow', 'in 2w', 'friday', 'next week', 'end of month', isoToWords(addMonths(todayDate, 1))]
      : [addDays(todayDate, -3), 'yesterday', '3d ago', 'monday', 'last week', isoToWords(addMonths(todayDate, -1))];
  return new PlnError('usage', `${what} "${s}" is not a date (try ${examples.join(', ')})`);
}

/** `2026-12-15` → `dec 15`, as an example of a month-name date. */
function isoToWords(date: IsoDate): string {
  return `${MONTH_WORDS[Number(date.slice(5, 7)) - 1]!.slice(0, 3)} ${Number(date.slice(8, 10))}`;
}

/** "today", "yesterday", "3 days ago", "in 2 weeks", "5 months ago". */
export function relativeDate(date: IsoDate, todayDate: IsoDate): string {
  const diff = daysBetween(todayDate, date);
  if (diff === 0) return 'today';
  if (diff === -1) return 'yesterday';
  if (diff === 1) return 'tomorrow';
  const n = Math.abs(diff);
  let amount: string;
  if (n < 14) amount = `${n} days`;
  else if (n < 60) amount = `${Math.round(n / 7)} weeks`;
  else if (n < 730) amount = `${Math.round(n / 30.44)} months`;
  else amount = `${Math.round(n / 365.25)} years`;
  return diff < 0 ? `${amount} ago` : `in ${amount}`;
}

export { UNIT_RE };

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Fri 15 Jan 2027`: what confirmations print, so the weekday can be checked at a glance. */
export function dayLabel(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${DAY_NAMES[weekday(date)]} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}
