/**
 * What each column of a contacts spreadsheet means, for the CSV exports of
 * Google Contacts (the 2020 layout: `E-mail 1 - Value`, `Organization Name`,
 * `Labels`; and the older one: `Given Name`, `Organization 1 - Name`,
 * `Group Membership`), Outlook (`E-mail 2 Address`, `Business Phone`, `Job
 * Title`, and `Title` for Mr./Ms.), Thunderbird (`Primary Email`, `Mobile
 * Number`, `Birth Year`), Apple exporters, and pln's own columns (`email`,
 * `tags`, `links.github`). Headers are compared in a normal form in which case,
 * spaces, dashes and the numbers of repeated columns do not count, so
 * `E-mail 3 Address` is read like `E-mail Address`.
 *
 * Columns nobody can use in pln (faxes, pagers, street addresses, Google's
 * phonetic names) are not imported, and the import names them once.
 */

export type Field =
  | 'name'
  | 'first'
  | 'middle'
  | 'last'
  | 'prefix'
  | 'suffix'
  | 'nickname'
  | 'email'
  | 'phone'
  | 'tags'
  | 'labels'
  | 'expertise'
  | 'company'
  | 'role'
  | 'location'
  | 'cadence'
  | 'cadence_days'
  | 'birthday'
  | 'birth_year'
  | 'birth_month'
  | 'birth_day'
  | 'notes'
  | 'met'
  | 'website'
  /** Describes another column's value (`E-mail 1 - Type`, `Phone 1 - Label`): used with it. */
  | 'meta'
  /** Values pln derives itself (from its own export): not data to import. */
  | 'derived';

export type Column =
  /** `list`: the cell may hold several values separated by `;` or `,` (pln's own columns). */
  | { kind: 'field'; field: Field; list: boolean }
  | { kind: 'link'; key: string }
  /** Not used; `extra` keeps the value (the caller may still want `last_contact`, `added`). */
  | { kind: 'extra'; key: string };

/** Header cell → comparable key: `Email Address` → `email_address`, `links.GitHub` → `links.github`. */
export function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The key without the numbers of repeated columns: `e_mail_2_address` → `e_mail_address`. */
function baseKey(key: string): string {
  return key.replace(/_?\d+(?=_|$)/g, '').replace(/^_+|_+$/g, '');
}

/** pln's own column names and the plain ones people type: cells may hold lists. */
const PLAIN: Record<string, Field> = {
  name: 'name',
  full_name: 'name',
  display_name: 'name',
  first_name: 'first',
  given_name: 'first',
  middle_name: 'middle',
  additional_name: 'middle',
  last_name: 'last',
  family_name: 'last',
  surname: 'last',
  name_prefix: 'prefix',
  prefix: 'prefix',
  name_suffix: 'suffix',
  suffix: 'suffix',
  nickname: 'nickname',
  aliases: 'nickname',
  email: 'email',
  emails: 'email',
  e_mail: 'email',
  email_address: 'email',
  phone: 'phone',
  phones: 'phone',
  tel: 'phone',
  telephone: 'phone',
  mobile: 'phone',
  phone_number: 'phone',
  tags: 'tags',
  tag: 'tags',
  categories: 'tags',
  expertise: 'expertise',
  topics: 'expertise',
  skills: 'expertise',
  company: 'company',
  organization: 'company',
  organisation: 'company',
  org: 'company',
  role: 'role',
  title: 'role',
  job_title: 'role',
  position: 'role',
  location: 'location',
  city: 'location',
  cadence: 'cadence',
  cadence_days: 'cadence_days',
  birthday: 'birthday',
  bday: 'birthday',
  notes: 'notes',
  note: 'notes',
  met: 'met',
  connected_on: 'met',
  slug: 'derived',
  file: 'derived',
  due_date: 'derived',
  days_overdue: 'derived',
};

/** The address-book programs' columns, by base key: one value per cell (Google's ` ::: ` aside). */
const VENDOR: Record<string, Field> = {
  // Google
  e_mail_value: 'email',
  e_mail_type: 'meta',
  e_mail_label: 'meta',
  phone_value: 'phone',
  phone_type: 'meta',
  phone_label: 'meta',
  organization_name: 'company',
  organization_title: 'role',
  organization_type: 'meta',
  organization_label: 'meta',
  website_value: 'website',
  website_type: 'meta',
  website_label: 'meta',
  labels: 'labels',
  group_membership: 'labels',
  address_city: 'location',
  address_type: 'meta',
  address_label: 'meta',
  // Outlook
  e_mail_address: 'email',
  e_mail_display_name: 'meta',
  mobile_phone: 'phone',
  business_phone: 'phone',
  home_phone: 'phone',
  other_phone: 'phone',
  primary_phone: 'phone',
  car_phone: 'phone',
  company_main_phone: 'phone',
  business_city: 'location',
  home_city: 'location',
  other_city: 'location',
  web_page: 'website',
  personal_web_page: 'website',
  // Thunderbird
  primary_email: 'email',
  secondary_email: 'email',
  work_phone: 'phone',
  mobile_number: 'phone',
  work_city: 'location',
  birth_year: 'birth_year',
  birth_month: 'birth_month',
  birth_day: 'birth_day',
  // Apple exporters and others
  email_home: 'email',
  email_work: 'email',
  phone_mobile: 'phone',
  phone_work: 'phone',
  phone_home: 'phone',
  url: 'website',
  homepage: 'website',
};

/** Bare link columns a spreadsheet is likely to have. */
const LINK_COLUMNS: Record<string, string> = {
  github: 'github',
  gitlab: 'gitlab',
  linkedin: 'linkedin',
  twitter: 'twitter',
  website: 'website',
};

/** A table's own entry for a column name: a column called `constructor` is not Object's. */
function lookUp<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `links.github` / `link.github` / `links_github` → `github`; null for other column names. */
function linkColumnKey(column: string): string | null {
  const m = /^links?[._](.+)$/.exec(column);
  return m ? m[1]! : null;
}

/**
 * The meaning of every column of a header row. `Title` is a job title, except
 * next to `Job Title` (Outlook), where it is the Mr./Ms. before the name.
 */
export function classifyColumns(header: string[]): Column[] {
  const keys = header.map(normaliseHeader);
  const hasJobTitle = keys.some((k) => k === 'job_title' || baseKey(k) === 'organization_title');
  return keys.map((key): Column => {
    if (key === 'title' && hasJobTitle) return { kind: 'field', field: 'prefix', list: false };
    const plain = lookUp(PLAIN, key);
    if (plain) return { kind: 'field', field: plain, list: ['email', 'phone', 'tags', 'expertise', 'nickname'].includes(plain) };
    const base = baseKey(key);
    const vendor = lookUp(VENDOR, base) ?? lookUp(VENDOR, key);
    if (vendor) return { kind: 'field', field: vendor, list: false };
    // `Email 2`, `phone_1`: numbered copies of a plain column.
    const numbered = base !== key ? lookUp(PLAIN, base) : undefined;
    if (numbered) return { kind: 'field', field: numbered, list: false };
    const link = linkColumnKey(key) ?? lookUp(LINK_COLUMNS, key);
    if (link) return { kind: 'link', key: link };
    return { kind: 'extra', key };
  });
}
