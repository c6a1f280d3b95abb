/**
 * The shapes that cross the import/export boundary. Importers turn a file's text
 * into `ImportedPerson`s; exporters turn `ExportPerson`s (built by the caller from
 * the index) into text. Both are plain data so the formats stay pure.
 */

/** What an imported and an exported person both have. */
export interface PersonFields {
  name: string;
  emails: string[];
  phones: string[];
  company: string | null;
  role: string | null;
  location: string | null;
  tags: string[];
  expertise: string[];
  /** Link name → URL, like the `links` frontmatter map (`linkedin`, `github`, `website`). */
  links: Record<string, string>;
  notes: string | null;
  /** `MM-DD` or `YYYY-MM-DD`. */
  birthday: string | null;
}

/** One person read from an import file, in frontmatter terms. */
export interface ImportedPerson extends PersonFields {
  /** When the user met or connected with the person, `YYYY-MM-DD`. */
  met: string | null;
  /** A cadence as it would be written in the file (`30d`, `monthly`). */
  cadence: string | null;
  /**
   * Other fields the file carried, keyed like frontmatter keys (`last_contact`,
   * `added`, a spreadsheet's own columns); the caller decides what to keep.
   */
  extra: Record<string, string>;
}

/** What an importer found: the people, how many records it passed over, and why. */
export interface ImportResult {
  people: ImportedPerson[];
  /** Records that held no person (LinkedIn's hidden connections, nameless cards or rows). */
  skipped: number;
  /** One line each, with the line number when there is one. */
  warnings: string[];
}

/** The formats `detectFormat` can recognise from a file's content. */
export type ImportFormat = 'linkedin' | 'vcard' | 'csv' | 'json';

/**
 * One person to export. Keys are snake_case like the JSON output; dates are
 * `YYYY-MM-DD`; a missing value is null, a missing list is empty.
 */
export interface ExportPerson extends PersonFields {
  slug: string;
  /** The `cadence` key as written, when the caller has it (lets an import restore it exactly). */
  cadence?: string | null;
  cadence_days: number | null;
  last_contact: string | null;
  due_date: string | null;
}

/** An open follow-up for the calendar export; undated or done ones produce no event. */
export interface CalendarFollowUp {
  slug: string;
  name: string;
  text: string;
  due: string | null;
  done?: boolean;
}

/** A check-in the calendar should show on its due date. */
export interface CalendarCheckIn {
  slug: string;
  name: string;
  due_date: string;
}

/** Everything `exportIcs` turns into events. */
export interface CalendarInput {
  followups: CalendarFollowUp[];
  checkins: CalendarCheckIn[];
}
