/** The formats, in one chunk that only `pln import` and `pln export` load. */
import { parseCsvPeople } from './csv.js';
import { parseJsonPeople } from './json.js';
import { parseLinkedin } from './linkedin.js';
import { cleanImportedPerson } from './person.js';
import type { ImportFormat, ImportResult } from './types.js';
import { parseVcard } from './vcard.js';

export { detectFormat } from './detect.js';
export { exportCsv } from './export-csv.js';
export { exportIcs } from './export-ics.js';
export { exportJson } from './export-json.js';
export { exportVcard } from './export-vcard.js';

const readers: Record<ImportFormat, (text: string) => ImportResult> = {
  linkedin: parseLinkedin,
  vcard: parseVcard,
  csv: parseCsvPeople,
  json: parseJsonPeople,
};

/** Each format's reader, with control characters taken out of everything it found. */
export const parsers = Object.fromEntries(
  Object.entries(readers).map(([format, read]) => [
    format,
    (text: string): ImportResult => {
      const result = read(text);
      return { ...result, people: result.people.map(cleanImportedPerson) };
    },
  ]),
) as Record<ImportFormat, (text: string) => ImportResult>;

export { decodeImportBytes } from './charset.js';
