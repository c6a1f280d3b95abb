/**
 * Guessing an import file's format from its content, so `pln import FILE` works
 * whatever the file is called. Only the opening of the file is looked at.
 */
import { normaliseHeader, readCsvHead } from './csv.js';
import { findLinkedinHeader } from './linkedin.js';
import type { ImportFormat } from './types.js';

/** How many CSV records to look at for a header (LinkedIn's notes come first). */
const HEAD_RECORDS = 20;

const NAME_COLUMNS = new Set(['name', 'full_name', 'display_name', 'first_name', 'last_name', 'given_name', 'family_name']);

/**
 * The format of `text`, or null when it is none of them: `vcard` when it opens
 * with BEGIN:VCARD, `json` when it opens with `[` or `{`, `linkedin` when a
 * LinkedIn header row (`First Name`, `Last Name`, `Connected On`) appears near
 * the top, `csv` when the first row names a name column. Throws the CSV
 * reader's error when a quoted field that never closes hides the header.
 */
export function detectFormat(text: string): ImportFormat | null {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') return null;
  if (/^BEGIN:VCARD\s*$/i.test(body.split(/\r\n|\r|\n/, 1)[0]!)) return 'vcard';
  // A malformed JSON file is still JSON: the JSON reader then says what is wrong.
  if (body.startsWith('[') || body.startsWith('{')) return 'json';

  // A quote that never closes ends the look at the head: the rows before it may
  // still show the format, and then that format's reader reports the quote.
  const { records, error } = readCsvHead(body, ',', HEAD_RECORDS);
  const headerIndex = findLinkedinHeader(records);
  // `Connected On` is what sets LinkedIn's header apart from any first/last-name sheet.
  if (headerIndex !== -1 && records[headerIndex]!.fields.map(normaliseHeader).includes('connected_on')) return 'linkedin';
  const first = records[0];
  const delimited = !first ? [] : first.fields.length > 1 ? first.fields : first.fields[0]!.split(/[;\t]/);
  if (delimited.map(normaliseHeader).some((h) => NAME_COLUMNS.has(h))) return 'csv';
  // Text with a broken quote near the top is a broken CSV more likely than anything else: say so.
  if (error && body.includes(',')) throw error;
  return null;
}
