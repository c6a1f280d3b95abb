/**
 * Content lines, the shared syntax of vCard (RFC 6350, RFC 2426) and iCalendar
 * (RFC 5545): `GROUP.NAME;PARAM=VALUE:value`, folded at 75 octets, with TEXT
 * escaping. Writing and reading both live here so the two formats agree.
 */

/** The longest physical line, in octets, not counting the CRLF. */
export const MAX_LINE_OCTETS = 75;

/** One line after unfolding, with the 1-based physical line it started on. */
export interface LogicalLine {
  text: string;
  line: number;
}

/** A parsed content line. Names are upper-cased; parameter values keep their case. */
export interface ContentLine {
  group: string | null;
  name: string;
  params: Record<string, string[]>;
  /** The raw value, still escaped: the caller knows whether it is text, a list or a URI. */
  value: string;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line so that no physical line exceeds 75 octets: a CRLF
 * and a space go before the character that would cross the limit. Iterating by
 * code point means a multi-byte UTF-8 sequence (or a surrogate pair) is never cut.
 */
export function foldContentLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      // The leading space of a continuation line counts towards its 75.
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** Folds each line and ends every one with CRLF, as both formats require. */
export function joinContentLines(lines: string[]): string {
  return lines.map((l) => foldContentLine(l) + '\r\n').join('');
}

/**
 * TEXT escaping: backslash, comma, and any line break as `\n`; semicolons too
 * unless `semicolons` is false. iCalendar escapes them in every TEXT value; vCard
 * 4.0 only inside compound values (N, ORG, ADR), and its plain TEXT grammar has
 * no `\;`, so a strict reader such as ical.js would keep the backslash.
 */
export function escapeText(value: string, semicolons = true): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
  return semicolons ? escaped.replace(/;/g, '\\;') : escaped;
}

/**
 * Undoes `escapeText`; also accepts `\N`, `\:` and `\"` (some vCard 3.0
 * writers, Google and Apple among them, use them; vobject reads them too).
 */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (whole, ch: string) => {
    switch (ch) {
      case 'n':
      case 'N':
        return '\n';
      case '\\':
      case ';':
      case ',':
      case ':':
      case '"':
        return ch;
      default:
        return whole;
    }
  });
}

/**
 * Splits a raw value on `delimiter` where it is not escaped (`ORG:A\, Inc;Dept`
 * has two components, not three). The parts stay escaped.
 */
export function splitUnescaped(value: string, delimiter: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1];
      i++;
    } else if (ch === delimiter) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const QP_LINE = /^[^:]*;(ENCODING=)?QUOTED-PRINTABLE[;:]/i;

/**
 * Splits text into logical lines: strips a BOM, accepts CRLF, LF, CR or CR CR LF, and
 * joins a line that starts with a space or tab onto the previous one (removing
 * the line break and that one character). vCard 2.1 quoted-printable values end
 * a line with `=` instead, and those are joined too.
 */
export function unfoldContentLines(text: string): LogicalLine[] {
  // `\r\r\n` (iOS writes it) is one line end, not a line end and a blank line.
  const physical = text.replace(/^\uFEFF/, '').split(/\r*\n|\r/);
  const lines: LogicalLine[] = [];
  let softBreak = false;
  physical.forEach((raw, index) => {
    const last = lines[lines.length - 1];
    if (last && softBreak) {
      last.text = last.text.slice(0, -1) + raw;
    } else if (last && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      last.text += raw.slice(1);
    } else {
      lines.push({ text: raw, line: index + 1 });
    }
    const current = lines[lines.length - 1]!;
    softBreak = QP_LINE.test(current.text) && current.text.endsWith('=');
  });
  return lines;
}

/** RFC 6868 parameter escapes: `^n` newline, `^^` caret, `^'` double quote. */
function decodeParamValue(value: string): string {
  return value.replace(/\^(n|\^|')/g, (_, c: string) => (c === 'n' ? '\n' : c === '^' ? '^' : '"'));
}

/** Splits on `delimiter` outside double quotes. */
function splitOutsideQuotes(text: string, delimiter: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === delimiter && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/**
 * Parses `[group.]NAME *(;PARAM[=VALUE]) : value`; null when the line has no
 * colon outside quotes or no name. A bare parameter (`TEL;CELL:` in vCard 2.1)
 * is read as a TYPE.
 */
export function parseContentLine(text: string): ContentLine | null {
  let colon = -1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [head, ...rawParams] = splitOutsideQuotes(text.slice(0, colon), ';');
  const dot = head!.lastIndexOf('.');
  const name = head!
    .slice(dot + 1)
    .trim()
    .toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params: Record<string, string[]> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const key = (eq === -1 ? 'TYPE' : raw.slice(0, eq)).trim().toUpperCase();
    const rawValue = eq === -1 ? raw : raw.slice(eq + 1);
    const values = splitOutsideQuotes(rawValue, ',').map((v) => decodeParamValue(v.trim().replace(/^"|"$/g, '')));
    (params[key] ??= []).push(...values.filter((v) => v !== ''));
  }
  return { group: dot === -1 ? null : head!.slice(0, dot), name, params, value: text.slice(colon + 1) };
}
