/**
 * vCard import: 4.0 (RFC 6350), 3.0 (RFC 2426) and, because phones still export
 * it, 2.1 with quoted-printable values. Any number of cards in one file.
 *
 * A hand parser rather than ical.js: tried on real cards, ical.js 2.2 reads a
 * 3.0 NOTE as a comma-separated list (`NOTE:one, two` comes back as two values)
 * and leaves `\;` escaped in text values such as NOTE and TITLE, so notes would
 * not survive an import. The syntax itself is small (see contentline.ts), and a
 * hand parser can also report the line of a broken card and go on past a bad
 * property instead of rejecting the whole file.
 */
import { PlnError } from '../domain/errors.js';
import { parseContentLine, splitUnescaped, unescapeText, unfoldContentLines, type ContentLine, type LogicalLine } from './contentline.js';
import { decodeCharset } from './charset.js';
import { emptyNameParts } from './names.js';
import { addLink, addUnique, linkKeyForUrl, newImportedPerson, normaliseBirthday } from './person.js';
import type { ImportedPerson, ImportResult, NameParts } from './types.js';

interface Property extends ContentLine {
  line: number;
}

interface Card {
  line: number;
  props: Property[];
}

const BEGIN = /^BEGIN:VCARD$/i;
const END = /^END:VCARD$/i;

function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * `cat a.vcf b.vcf` where a.vcf has no final line break gives
 * `END:VCARDBEGIN:VCARD`: that is where one card ends and the next begins.
 */
function splitJoinedCards(lines: LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (const l of lines) {
    let text = l.text;
    let m: RegExpExecArray | null;
    while ((m = /^(\s*END:VCARD)(BEGIN:VCARD.*)$/i.exec(text))) {
      out.push({ text: m[1]!, line: l.line });
      text = m[2]!;
    }
    out.push({ text, line: l.line });
  }
  return out;
}

/** Splits the text into cards; throws when it is not a vCard file or a card is not closed. */
function readCards(text: string): { cards: Card[]; warnings: string[] } {
  const lines = unfoldContentLines(text);
  if (!lines.some((l) => BEGIN.test(l.text.trim()))) {
    throw new PlnError('invalid', 'not a vCard file: no BEGIN:VCARD line');
  }
  const cards: Card[] = [];
  const warnings: string[] = [];
  let card: Card | null = null;
  for (const { text: raw, line } of splitJoinedCards(lines)) {
    const t = raw.trim();
    if (t === '') continue;
    if (card === null) {
      if (!BEGIN.test(t)) throw new PlnError('invalid', `line ${line}: expected BEGIN:VCARD, found "${excerpt(t)}"`);
      card = { line, props: [] };
    } else if (BEGIN.test(t)) {
      throw new PlnError('invalid', `line ${line}: a new BEGIN:VCARD before the card from line ${card.line} has its END:VCARD`);
    } else if (END.test(t)) {
      cards.push(card);
      card = null;
    } else {
      const prop = parseContentLine(raw);
      if (prop) card.props.push({ ...prop, line });
      else warnings.push(`line ${line}: not a vCard property, ignored: "${excerpt(t)}"`);
    }
  }
  if (card !== null) throw new PlnError('invalid', `line ${card.line}: the card that starts here has no END:VCARD`);
  return { cards, warnings };
}

function hasParam(prop: Property, key: string, value: string): boolean {
  return (prop.params[key] ?? []).some((v) => v.toLowerCase() === value.toLowerCase());
}

/** Every TYPE, lower case: 2.1's bare `;FAX;HOME`, `TYPE=home,fax`, `TYPE="work,fax"` and `type=`. */
function typesOf(prop: Property): string[] {
  return (prop.params.TYPE ?? []).flatMap((t) => t.split(',').map((v) => v.trim().toLowerCase())).filter(Boolean);
}

/** The kinds of number one calls or texts, which keep a TEL that is also a fax (`voice,fax`). */
const SPOKEN_TEL_TYPES = new Set(['voice', 'cell', 'mobile', 'iphone', 'main', 'text', 'textphone', 'video', 'msg', 'car', 'isdn']);

/**
 * A fax or pager number, and nothing else (`home` and `work` only say where):
 * left out, as the CSV import leaves out its Fax and Pager columns.
 */
function isFaxOrPager(prop: Property): boolean {
  const types = typesOf(prop);
  return types.some((t) => t === 'fax' || t === 'pager') && !types.some((t) => SPOKEN_TEL_TYPES.has(t));
}

/**
 * vCard 2.1 quoted-printable (`=C3=A9`), decoded in the card's CHARSET (UTF-8
 * by default; ISO-8859-1 as windows-1252, see charset.ts).
 */
function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(value[i]!));
    }
  }
  return decodeCharset(Uint8Array.from(bytes), charset);
}

/** The raw (still escaped) value, with any transfer encoding undone. */
function rawValue(prop: Property): string {
  if (hasParam(prop, 'ENCODING', 'QUOTED-PRINTABLE') || hasParam(prop, 'TYPE', 'QUOTED-PRINTABLE')) {
    return decodeQuotedPrintable(prop.value, prop.params.CHARSET?.[0] ?? 'utf-8');
  }
  return prop.value;
}

const textOf = (prop: Property) => unescapeText(rawValue(prop)).trim();
const componentsOf = (prop: Property) => splitUnescaped(rawValue(prop), ';').map((c) => unescapeText(c).trim());
const listOf = (prop: Property) => splitUnescaped(rawValue(prop), ',').map((c) => unescapeText(c).trim());

/** N's components (family;given;additional;prefix;suffix), each a `,` list joined with spaces. */
function namePartsOfN(prop: Property): NameParts {
  const parts = splitUnescaped(rawValue(prop), ';').map((c) =>
    splitUnescaped(c, ',')
      .map((v) => unescapeText(v).trim())
      .filter(Boolean)
      .join(' '),
  );
  const [family = '', given = '', additional = '', prefix = '', suffix = ''] = parts;
  return { ...emptyNameParts(), family, given, additional, prefix, suffix };
}

/** FN is the display name; a card without one is named from N (prefix given middle family suffix). */
function nameFromN(prop: Property): string {
  const p = namePartsOfN(prop);
  return [p.prefix, p.given, p.additional, p.family, p.suffix].filter(Boolean).join(' ');
}

/** The ALTID and LANGUAGE that tie an FN to its N (vCard 4.0 alternative representations). */
function altKey(prop: Property): string {
  return `${prop.params.ALTID?.[0] ?? ''}|${(prop.params.LANGUAGE?.[0] ?? '').toLowerCase()}`;
}

/**
 * BDAY: `1990-04-12`, `19900412`, `1990-04-12T00:00:00Z`, and yearless `--0412`
 * or `--04-12`. Apple writes a yearless birthday as year 1604 with
 * `X-APPLE-OMIT-YEAR`; that becomes `MM-DD` too.
 */
function birthdayOf(prop: Property): string | null {
  const value = textOf(prop).replace(/T.*$/, '');
  const date = normaliseBirthday(value);
  if (date !== null && date.length === 10 && (prop.params['X-APPLE-OMIT-YEAR'] || date.startsWith('1604-'))) {
    return date.slice(5);
  }
  return date;
}

/** Apple groups a URL with an `X-ABLabel` naming it (`item2.URL` + `item2.X-ABLabel:blog`). */
function groupLabels(props: Property[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const p of props) {
    if (p.name !== 'X-ABLABEL' || p.group === null) continue;
    const label = textOf(p).toLowerCase();
    // `_$!<HomePage>!$_` and friends are Apple's built-in labels, not names.
    if (/^[a-z][a-z0-9_-]*$/.test(label)) labels.set(p.group.toLowerCase(), label);
  }
  return labels;
}

/**
 * An EMAIL's address. An address has no blanks: those inside one are what a
 * line folded and indented twice leaves (`hcabot@` + CRLF + two spaces +
 * `example.com`), and go; of a value with a display name (`Ada <ada@x>`) the address is kept.
 */
const emailOf = (prop: Property) => {
  const value = textOf(prop)
    .replace(/^mailto:/i, '')
    .trim();
  // `Zed <zed@x.org>`: the address between the brackets.
  const inBrackets = /<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+)\s*>/i.exec(value);
  return inBrackets ? inBrackets[1]! : value.replace(/\s+/g, '');
};

/** Some text, an `@`, some text: what sets an address apart from a name or a number typed where the e-mail goes. */
function isEmailAddress(value: string): boolean {
  const at = value.indexOf('@');
  return at > 0 && at < value.length - 1;
}

const LINK_TYPE_PARAMS = new Set(['work', 'home', 'pref', 'internet', 'x-apple']);

/** How much a property is preferred: 4.0's `PREF=1` (most) to `PREF=100`, 3.0's `TYPE=pref` as 1, else 101. */
function preferenceOf(prop: Property): number {
  const pref = Number(prop.params.PREF?.[0]);
  if (Number.isInteger(pref) && pref >= 1 && pref <= 100) return pref;
  return typesOf(prop).includes('pref') ? 1 : 101;
}

/**
 * The city of the preferred address, else of the first one that names a city.
 * Only the city: a street address is more than a `location` should hold.
 */
function locationOf(adrs: Property[]): string | null {
  let city: string | null = null;
  let best = Infinity;
  for (const adr of adrs) {
    const c = componentsOf(adr)[3];
    if (c && preferenceOf(adr) < best) {
      city = c.replace(/\s*\n\s*/g, ' ');
      best = preferenceOf(adr);
    }
  }
  return city;
}

/**
 * The name of a card with no FN or N but an e-mail address (Android and SOGo
 * write such cards): its ORG, else its first NICKNAME, else the address itself.
 * Undefined when it has no address either.
 */
function standInName(get: (name: string) => Property[]): string | undefined {
  const email = get('EMAIL').map(emailOf).find(isEmailAddress);
  if (email === undefined) return undefined;
  const org = get('ORG')
    .map((p) => componentsOf(p)[0])
    .find(Boolean);
  return org ?? get('NICKNAME').flatMap(listOf).find(Boolean) ?? email;
}

function cardToPerson(card: Card, warnings: string[]): ImportedPerson | null {
  const labels = groupLabels(card.props);
  const get = (name: string) => card.props.filter((p) => p.name === name);
  const fns = get('FN').filter((p) => textOf(p) !== '');
  const ns = get('N').filter((p) => nameFromN(p) !== '');
  const fn = fns[0];
  const name = fn ? textOf(fn) : (ns.map(nameFromN)[0] ?? standInName(get));
  if (!name) return null;

  const person = newImportedPerson(name);
  // The N that goes with the chosen FN (same ALTID and LANGUAGE), else the first.
  const n = (fn && ns.find((p) => altKey(p) === altKey(fn))) ?? ns[0];
  if (n) person.nameParts = namePartsOfN(n);
  // Other FNs (the name in another language or script) and nicknames are aliases.
  addUnique(person.aliases, ...fns.slice(1).map(textOf), ...get('NICKNAME').flatMap(listOf));
  for (const prop of card.props) {
    switch (prop.name) {
      case 'EMAIL': {
        const email = emailOf(prop);
        if (isEmailAddress(email)) addUnique(person.emails, email);
        else if (email !== '') warnings.push(`line ${prop.line}: e-mail "${excerpt(email)}" is not an address (no @ between two parts), ignored`);
        break;
      }
      case 'TEL':
        if (!isFaxOrPager(prop)) addUnique(person.phones, textOf(prop).replace(/^tel:/i, ''));
        break;
      case 'ORG':
        person.company ??= componentsOf(prop)[0] || null;
        break;
      case 'TITLE':
        person.role ??= textOf(prop) || null;
        break;
      case 'CATEGORIES':
        addUnique(person.tags, ...listOf(prop));
        break;
      case 'EXPERTISE': // RFC 6715, what our own export writes
        addUnique(person.expertise, textOf(prop));
        break;
      case 'NOTE': {
        const note = textOf(prop);
        if (note !== '') person.notes = person.notes === null ? note : `${person.notes}\n\n${note}`;
        break;
      }
      case 'BDAY': {
        const birthday = birthdayOf(prop);
        if (birthday === null) warnings.push(`line ${prop.line}: birthday "${excerpt(textOf(prop))}" not understood, ignored`);
        else person.birthday ??= birthday;
        break;
      }
      case 'URL': {
        const url = textOf(prop);
        const label = prop.group === null ? undefined : labels.get(prop.group.toLowerCase());
        addLink(person.links, label ?? linkKeyForUrl(url), url);
        break;
      }
      case 'X-SOCIALPROFILE': {
        const url = textOf(prop);
        const type = (prop.params.TYPE ?? []).map((t) => t.toLowerCase()).find((t) => !LINK_TYPE_PARAMS.has(t));
        addLink(person.links, type ?? linkKeyForUrl(url), url);
        break;
      }
      default:
        break;
    }
  }
  person.location = locationOf(get('ADR'));
  // ROLE is a function ("Project leader"), a fallback when there is no TITLE.
  person.role ??=
    get('ROLE')
      .map(textOf)
      .find((r) => r !== '') ?? null;
  return person;
}

/**
 * What a card is when it is not a person: vCard 4.0 `KIND:group`, `KIND:org`
 * or `KIND:location`, Apple's `X-ADDRESSBOOKSERVER-KIND:group`, or a card
 * Apple shows as a company (`X-ABShowAs:COMPANY`). Null for a person.
 */
function nonPersonKind(card: Card): string | null {
  for (const p of card.props) {
    const value = textOf(p).toLowerCase();
    if ((p.name === 'KIND' || p.name === 'X-ADDRESSBOOKSERVER-KIND') && value === 'group') return 'a group card (KIND:group)';
    if (p.name === 'KIND' && value === 'org') return 'an organization card (KIND:org)';
    if (p.name === 'KIND' && value === 'location') return 'a location card (KIND:location)';
    if (p.name === 'X-ABSHOWAS' && value === 'company') return 'a company card (X-ABShowAs:COMPANY)';
  }
  return null;
}

/**
 * Parses a file of vCards. A card with no FN, N or e-mail address is skipped and counted;
 * text that is not a vCard file, or a card left open, throws a PlnError with the line.
 */
export function parseVcard(text: string): ImportResult {
  const { cards, warnings } = readCards(text);
  const result: ImportResult = { people: [], skipped: 0, warnings };
  for (const card of cards) {
    // A contact group lists its members, an organization or a place is no one to
    // keep in touch with: none of them is a person (see the README).
    const kind = nonPersonKind(card);
    if (kind !== null) {
      result.skipped++;
      result.warnings.push(`line ${card.line}: ${kind}, not a person, skipped`);
      continue;
    }
    const person = cardToPerson(card, result.warnings);
    if (person) result.people.push({ ...person, at: `line ${card.line}` });
    else {
      result.skipped++;
      result.warnings.push(`line ${card.line}: a card with no FN, N or e-mail address, skipped`);
    }
  }
  return result;
}
