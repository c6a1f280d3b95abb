/**
 * Output: named styles, tables that fit the terminal, JSON. The only module
 * that knows chalk. Every string that came from a file passes through
 * `clean` (control characters stripped) before it reaches a terminal.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { stripControl } from '../domain/text.js';

export interface OutputOptions {
  color: boolean;
  /** Maximum line width for tables; Infinity when not writing to a terminal. */
  width: number;
}

/** Decides colour: `--no-color` and `NO_COLOR` win, `FORCE_COLOR` forces, else only on a terminal. */
export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export interface Styles {
  title: (s: string) => string;
  name: (s: string) => string;
  dim: (s: string) => string;
  overdue: (s: string) => string;
  soon: (s: string) => string;
  ok: (s: string) => string;
  tag: (s: string) => string;
  path: (s: string) => string;
  warn: (s: string) => string;
  error: (s: string) => string;
  heading: (s: string) => string;
  added: (s: string) => string;
  removed: (s: string) => string;
}

export function makeStyles(color: boolean): Styles {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  return {
    title: c.bold,
    name: c.bold,
    dim: c.dim,
    overdue: c.red,
    soon: c.yellow,
    ok: c.green,
    tag: c.cyan,
    path: c.underline,
    warn: c.yellow,
    error: c.red,
    heading: c.bold.underline,
    added: c.green,
    removed: c.red,
  };
}

/** Text from a file, safe to print: no ESC, BEL or other control characters, one line. */
export function clean(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return stripControl(s.replace(/[\r\n\t]+/g, ' '));
}

/** Columns a string takes on a terminal (wide East Asian characters and emoji take two). */
export function displayWidth(s: string): number {
  const plain = s.replace(/\u001b\[[0-9;]*m/g, '');
  let w = 0;
  for (const ch of plain) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp < 0x370) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf && cp !== 0x2713) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Cuts plain text to `max` columns, ending with `…` when cut. */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  if (max <= 1) return max === 1 ? '…' : '';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export interface Column<T> {
  header: string;
  /** Plain text of the cell (already cleaned). */
  value: (row: T) => string;
  /** Style applied after sizing, so truncation never cuts an escape code. */
  style?: (text: string, row: T) => string;
  align?: 'left' | 'right';
  /** Flexible columns shrink (with …) to fit the width; others keep their size. */
  flex?: boolean;
  /** Smallest width a flexible column shrinks to. */
  min?: number;
}

/** A table that never wraps: flexible columns are truncated to fit `width`. */
export function table<T>(rows: T[], columns: Column<T>[], out: OutputOptions, styles: Styles): string {
  const gap = 2;
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]!))));
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  if (Number.isFinite(out.width)) {
    // Shrink the widest flexible column first, one column at a time.
    let excess = total() - out.width;
    while (excess > 0) {
      let widest = -1;
      columns.forEach((c, i) => {
        if (c.flex && widths[i]! > (c.min ?? 8) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      });
      if (widest < 0) break;
      const cut = Math.min(excess, widths[widest]! - (columns[widest]!.min ?? 8));
      widths[widest] = widths[widest]! - cut;
      excess -= cut;
    }
  }
  const pad = (s: string, w: number, align: 'left' | 'right' = 'left') => {
    const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
    return align === 'right' ? fill + s : s + fill;
  };
  const lines: string[] = [];
  lines.push(
    columns
      .map((c, i) => pad(c.header, widths[i]!, c.align))
      .join(' '.repeat(gap))
      .trimEnd(),
  );
  lines[0] = styles.dim(lines[0]!);
  cells.forEach((row, r) => {
    const parts = columns.map((c, i) => {
      const text = truncate(row[i]!, widths[i]!);
      const padded = pad(text, i === columns.length - 1 && c.align !== 'right' ? 0 : widths[i]!, c.align);
      const styled = c.style ? c.style(text, rows[r]!) : text;
      return padded.replace(text, styled);
    });
    lines.push(parts.join(' '.repeat(gap)).trimEnd());
  });
  return lines.join('\n');
}

/** JSON for scripts: one value, two-space indented, newline-terminated. */
export function json(value: unknown, pretty = true): string {
  return `${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`;
}

/** How far off a due date is, in words: `due today`, `3 days overdue`, `due in 5 weeks`. */
export function dueStatus(daysOverdue: number): string {
  if (daysOverdue === 0) return 'due today';
  const n = Math.abs(daysOverdue);
  const amount = n < 14 ? `${n} day${n === 1 ? '' : 's'}` : n < 60 ? `${Math.round(n / 7)} weeks` : `${Math.round(n / 30.44)} months`;
  return daysOverdue > 0 ? `${amount} overdue` : `due in ${amount}`;
}
