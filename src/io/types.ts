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

/**
 * The parts of a structured name (vCard `N`, a spreadsheet's first/last columns).
 * Written to a contact as `name_parts:` only when they are not what the name
 * alone would give (see names.ts).
 */
export interface NameParts {
  prefix: string;
  given: string;
  additional: string;
  family: string;
  suffix: string;
}

/**
 * A contact file carried whole by pln's own JSON export, so that importing the
 * backup recreates the file byte for byte.
 */
export interface SourceFile {
  /** The path it had, relative to its network (`contacts/ada.md`); null when unknown. */
  file: string | null;
  text: string;
}

/** One person read from an import file, in frontmatter terms. */
export interface ImportedPerson extends PersonFields {
  /** Where the person is in the import file (`line 12`, `entry [3]`), for messages. */
  at?: string;
  /** Other names: nicknames, the name in another script or language. */
  aliases: string[];
  /** The structured name, when the file had one. */
  nameParts: NameParts | null;
  /** The whole contact file, when the import is pln's own JSON backup. */
  source?: SourceFile;
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
  /** Columns of a spreadsheet that were read but not used, by their header text. */
  ignoredColumns?: string[];
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
  aliases?: string[];
  /** From `name_parts:`, when the contact has it. */
  name_parts?: NameParts | null;
  /** The contact file, relative to the network. */
  file?: string | null;
  /** Every frontmatter key as written (scalars as strings). */
  frontmatter?: Record<string, unknown>;
  log?: { date: string; kind: string | null; text: string }[];
  followups?: { text: string; due: string | null; done: boolean; done_date: string | null }[];
  /** The whole file as written: what makes the JSON export a backup. */
  text?: string | null;
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
