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

/** True when `s` is a real calendar date in `YYYY-MM-DD` form (no 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// A network holds a few thousand distinct dates, each used many times: the
// conversions are remembered.
const toUtc = remembered((date: IsoDate): number => {
  const m = ISO_RE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
});

const fromUtc = remembered((ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10));

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Calendar-month arithmetic: Jan 31 + 1 month = Feb 28 (or 29). */
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
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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
 * today included). Returns null when the text is not a date.
 */
export function parsePastDate(text: string, todayDate: IsoDate): IsoDate | null {
  const s = text.trim().toLowerCase();
  if (isIsoDate(s)) return s;
  if (s === 'today') return todayDate;
  if (s === 'yesterday') return addDays(todayDate, -1);
  const ago =
    /^(\d{1,4})\s*(d|w|m|y)\s+ago$/.exec(s) ?? /^-(\d{1,4})(d|w|m|y)$/.exec(s) ?? /^(\d{1,4})\s+(day|week|month|year)s?\s+ago$/.exec(s);
  if (ago) return addUnits(todayDate, -Number(ago[1]), ago[2]![0]!);
  const wd = weekdayIndex(s.replace(/^last\s+/, ''));
  if (wd >= 0) {
    const back = (weekday(todayDate) - wd + 7) % 7;
    return addDays(todayDate, -back);
  }
  return null;
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
  if (rel) return addUnits(todayDate, Number(rel[1]), rel[2]![0]!);
  const wd = weekdayIndex(s.replace(/^next\s+/, ''));
  if (wd >= 0) {
    const ahead = (wd - weekday(todayDate) + 7) % 7 || 7;
    return addDays(todayDate, ahead);
  }
  return null;
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
