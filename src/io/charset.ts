/**
 * Bytes to text for import files and vCard 2.1 quoted-printable values.
 *
 * `ISO-8859-1` (and `US-ASCII`, `latin1`) mean windows-1252, as every browser
 * reads them (the WHATWG Encoding standard): the programs that label text so
 * put `€` at 0x80 and curly quotes at 0x91–0x94. Node 20's own windows-1252
 * decoder turns 0x80–0x9F into control characters instead, so that range is
 * mapped here.
 */

/** windows-1252 0x80–0x9F; the five bytes it leaves undefined become U+FFFD. */
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

const WINDOWS_1252 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252', 'x-cp1252']);

/** Decodes windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** Decodes bytes in a named charset; an unknown name is read as UTF-8 (bad bytes as U+FFFD). */
export function decodeCharset(bytes: Uint8Array, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (WINDOWS_1252.has(label)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * An import file's text: UTF-8 (with or without a BOM), UTF-16 with a BOM
 * (older Google and Outlook CSV exports), else windows-1252, the code page
 * Outlook writes CSV in; `note` then says so.
 */
export function decodeImportBytes(bytes: Uint8Array): { text: string; note: string | null } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), note: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), note: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    return { text: decodeWindows1252(bytes), note: 'not UTF-8: read as windows-1252 (Western European)' };
  }
}

/** Control characters never belong in a contact file (tabs and line breaks aside, where allowed). */
const CONTROLS_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const CONTROLS_ONE_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Removes control characters; `multiline` keeps line breaks and tabs (notes), else they become a space. */
export function withoutControls(value: string, multiline: boolean): string {
  if (multiline) return value.replace(/\r\n?/g, '\n').replace(CONTROLS_MULTILINE, '');
  return value
    .replace(/[\t\r\n]+/g, ' ')
    .replace(CONTROLS_ONE_LINE, '')
    .trim();
}
