/** How often to check in with someone: `30d`, `2w`, `3m`, `1y`, `monthly`, ..., or `none`. */
import { addDays, addMonths, type IsoDate } from './dates.js';
import { remembered } from './memo.js';

/** `unit` says how the months were written, in months or in years: what cadenceDays counts by. */
export type Cadence = { kind: 'days'; days: number; text: string } | { kind: 'months'; months: number; unit: 'm' | 'y'; text: string } | { kind: 'none'; text: string };

const NAMED: Record<string, Cadence> = {
  daily: { kind: 'days', days: 1, text: 'daily' },
  weekly: { kind: 'days', days: 7, text: 'weekly' },
  biweekly: { kind: 'days', days: 14, text: 'biweekly' },
  fortnightly: { kind: 'days', days: 14, text: 'fortnightly' },
  monthly: { kind: 'months', months: 1, unit: 'm', text: 'monthly' },
  quarterly: { kind: 'months', months: 3, unit: 'm', text: 'quarterly' },
  yearly: { kind: 'months', months: 12, unit: 'y', text: 'yearly' },
  annually: { kind: 'months', months: 12, unit: 'y', text: 'annually' },
  none: { kind: 'none', text: 'none' },
  never: { kind: 'none', text: 'never' },
};

export const CADENCE_HINT = 'try 2w, 30d, 3m, monthly, quarterly or none';

/** Parses a cadence; null when the text is not one. Cadences are shared: never change one. */
export const parseCadence: (input: string) => Cadence | null = remembered((input: string) => parseCadenceText(input), 1000);

function parseCadenceText(input: string): Cadence | null {
  const text = input.trim().toLowerCase();
  const named = NAMED[text];
  if (named) return named;
  const m = /^(\d{1,4})\s*(d|w|m|y)$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (n === 0) return null;
  switch (m[2]) {
    case 'd':
      return { kind: 'days', days: n, text };
    case 'w':
      return { kind: 'days', days: 7 * n, text };
    case 'm':
      return { kind: 'months', months: n, unit: 'm', text };
    default:
      return { kind: 'months', months: 12 * n, unit: 'y', text };
  }
}

/** The date one cadence after `date`; null for `none`. */
export function addCadence(date: IsoDate, cadence: Cadence): IsoDate | null {
  switch (cadence.kind) {
    case 'days':
      return addDays(date, cadence.days);
    case 'months':
      return addMonths(date, cadence.months);
    default:
      return null;
  }
}

/** Day count for JSON: exact for d/w, 30 a month and 365 a year otherwise (12m is 360, 1y 365). */
export function cadenceDays(cadence: Cadence): number | null {
  switch (cadence.kind) {
    case 'days':
      return cadence.days;
    case 'months':
      return cadence.unit === 'y' ? (cadence.months / 12) * 365 : cadence.months * 30;
    default:
      return null;
  }
}
