// Generates a synthetic network for benchmarks: realistic contact files
// (about 2 KB each, ten log entries, a few follow-ups) from a seeded PRNG, so
// the same seed always gives byte-identical files.
//
//   node scripts/gen-network.mjs DIR N [SEED]
//
// Plain Node, no dependencies: it runs before anything is built.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every date in the network is at most this recent: the benchmarks' "today". */
export const GENERATOR_TODAY = '2026-11-29';

/** Log entries spread over this many days before GENERATOR_TODAY (18 months). */
const LOG_SPAN_DAYS = 548;

const FIRST_NAMES = [
  'Ada',
  'Aisha',
  'Akira',
  'Alejandro',
  'Amara',
  'Ana',
  'André',
  'Anika',
  'Arjun',
  'Astrid',
  'Ayesha',
  'Bao',
  'Beatriz',
  'Björn',
  'Camille',
  'Carlos',
  'Chen',
  'Chloé',
  'Dalia',
  'Daniel',
  'Dmitri',
  'Elena',
  'Emeka',
  'Emma',
  'Fatima',
  'Felipe',
  'François',
  'Grace',
  'Hana',
  'Hassan',
  'Ibrahim',
  'Ines',
  'Inês',
  'Ingrid',
  'Isabel',
  'Jamal',
  'Javier',
  'Ji-woo',
  'José',
  'Kai',
  'Kavya',
  'Kenji',
  'Kofi',
  'Lars',
  'Laura',
  'Leila',
  'Lena',
  'Liam',
  'Lucía',
  'Łukasz',
  'Maja',
  'Malik',
  'Marco',
  'Maria',
  'Mateo',
  'Mei',
  'Mohammed',
  'Nadia',
  'Naledi',
  'Nikhil',
  'Noah',
  'Nora',
  'Olga',
  'Omar',
  'Ömer',
  'Paulo',
  'Priya',
  'Rafael',
  'Rahul',
  'Renée',
  'Rosa',
  'Sakura',
  'Samir',
  'Sara',
  'Sipho',
  'Sofia',
  'Søren',
  'Tariq',
  'Thandiwe',
  'Tomasz',
  'Valentina',
  'Wei',
  'Yara',
  'Yusuf',
  'Zanele',
  'Zoë',
];

const LAST_NAMES = [
  'Abebe',
  'Adeyemi',
  'Ahmed',
  'Alvarez',
  'Andersen',
  'Bakker',
  'Banerjee',
  'Becker',
  'Bello',
  'Costa',
  'Dahl',
  'Dubois',
  'Dlamini',
  'Eriksson',
  'Fernández',
  'Fischer',
  'Fujita',
  'García',
  'Gómez',
  'Haddad',
  'Hansen',
  'Hernández',
  'Hoffmann',
  'Ibrahim',
  'Ivanova',
  'Jansen',
  'Jovanović',
  'Kamau',
  'Kapoor',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Lee',
  'Lindqvist',
  'Martin',
  'Mendes',
  'Mensah',
  'Moreau',
  'Müller',
  'Murphy',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Nowak',
  'Nyambura',
  "O'Brien",
  'Ødegaard',
  'Okafor',
  'Oliveira',
  'Osei',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Raman',
  'Reyes',
  'Rossi',
  'Sato',
  'Schmidt',
  'Silva',
  'Singh',
  'Sokolov',
  'Suzuki',
  'Tanaka',
  'Traoré',
  'Tran',
  'Van der Berg',
  'Verma',
  'Wagner',
  'Wang',
  'Williams',
  'Yamamoto',
  'Yılmaz',
  'Zhang',
];

const EXPERTISE = [
  'rust',
  'go',
  'python',
  'typescript',
  'java',
  'kotlin',
  'swift',
  'c++',
  'haskell',
  'elixir',
  'distributed systems',
  'databases',
  'postgres',
  'kubernetes',
  'observability',
  'site reliability',
  'platform engineering',
  'networking',
  'security',
  'cryptography',
  'compilers',
  'webassembly',
  'embedded',
  'hardware design',
  'machine learning',
  'data engineering',
  'computer vision',
  'natural language processing',
  'recommendation systems',
  'search',
  'stream processing',
  'frontend',
  'accessibility',
  'design systems',
  'mobile',
  'game engines',
  'graphics',
  'audio',
  'robotics',
  'leadership',
  'engineering management',
  'hiring',
  'mentoring',
  'product strategy',
  'fundraising',
  'developer experience',
  'developer relations',
  'technical writing',
  'open source',
  'testing',
  'performance',
  'concurrency',
  'functional programming',
  'type systems',
  'api design',
  'payments',
  'fintech',
  'healthcare',
  'climate tech',
  'education',
];

const TAGS = [
  'mentor',
  'peer',
  'mentee',
  'investor',
  'former-colleague',
  'conference',
  'meetup',
  'open-source',
  'rust-community',
  'kubernetes-community',
  'expert',
  'industry',
  'recruiter',
  'friend',
  'customer',
  'speaker',
  'author',
  'podcast',
  'study-group',
  'alumni',
];

const COMPANY_ROOTS = [
  'Acme',
  'Nimbus',
  'Tidepool',
  'Lighthouse',
  'Kestrel',
  'Datenwerk',
  'Brightpath',
  'Sentinel',
  'Ember',
  'Paperplane',
  'Northwind',
  'Tessellate',
  'Lumen',
  'Harbor',
  'Fjord',
  'Copperleaf',
  'Bluebird',
  'Granite',
  'Meridian',
  'Orchard',
  'Polaris',
  'Quill',
  'Redwood',
  'Saffron',
  'Tamarind',
  'Umbra',
  'Vantage',
  'Willow',
  'Xylem',
  'Yonder',
  'Zephyr',
  'Aurora',
  'Basalt',
  'Cobalt',
  'Driftwood',
  'Evergreen',
  'Foxglove',
  'Glacier',
  'Heron',
  'Indigo',
  'Juniper',
  'Kingfisher',
  'Lantern',
  'Monsoon',
  'Nautilus',
  'Obsidian',
  'Pinecone',
  'Quasar',
  'Riverbend',
  'Solstice',
];
const COMPANY_SUFFIXES = ['Labs', 'Systems', 'Cloud', 'Data'];
/** 200 company names: each root with each suffix, in a fixed order. */
const COMPANIES = COMPANY_ROOTS.flatMap((root) => COMPANY_SUFFIXES.map((suffix) => `${root} ${suffix}`));

const ROLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Staff Engineer',
  'Principal Engineer',
  'Engineering Manager',
  'Director of Engineering',
  'VP Engineering',
  'CTO',
  'Founder',
  'Product Manager',
  'Data Scientist',
  'Machine Learning Engineer',
  'Site Reliability Engineer',
  'Security Engineer',
  'Developer Advocate',
  'Technical Writer',
  'Researcher',
  'Partner',
  'Technical Recruiter',
  'Designer',
];

const LOCATIONS = [
  'London',
  'Berlin',
  'Madrid',
  'Lisbon',
  'Paris',
  'Lyon',
  'Milan',
  'Stockholm',
  'Oslo',
  'Copenhagen',
  'Kraków',
  'Warsaw',
  'Prague',
  'Vienna',
  'Zürich',
  'Amsterdam',
  'Dublin',
  'Istanbul',
  'Cairo',
  'Lagos',
  'Accra',
  'Nairobi',
  'Cape Town',
  'Amman',
  'Dubai',
  'Bengaluru',
  'Pune',
  'Singapore',
  'Tokyo',
  'Osaka',
  'Seoul',
  'Taipei',
  'Sydney',
  'Auckland',
  'Toronto',
  'Montréal',
  'New York',
  'Austin',
  'Seattle',
  'São Paulo',
  'Buenos Aires',
  'Mexico City',
  'Bogotá',
];

const EVENTS = ['RustConf', 'KubeCon', 'PyCon', 'Strange Loop', 'QCon', 'DevOpsDays', 'JSConf', 'SREcon', 'FOSDEM', 'GopherCon'];

// Free notes: a few sentences, {placeholders} filled from the person.
const NOTE_SENTENCES = [
  'Met at {event} in {year}; we got talking about {topic} in the hallway track.',
  'Works on {topic} at {company} and writes about it regularly.',
  'Generous with code reviews and always happy to explain the trade-offs behind a design.',
  'Knows everyone in the {topic} community; a good person to ask for introductions.',
  'Prefers short calls to long email threads. Mornings work best in {location}.',
  'Gave a great talk on {topic} that changed how our team thinks about it.',
  'Thinking about a move into {topic2}; keep an eye out for roles and reading groups.',
  'Previously at {past}, where they led the {topic} work.',
  'Runs a small newsletter on {topic2} with thoughtful, practical posts.',
  'We trade notes every few months on hiring, career growth and {topic}.',
  'Based in {location}; happy to meet for coffee whenever I am in town.',
  'Has strong opinions on {topic2}, backed by years of running it in production.',
  'Asked me to keep them posted on how our {topic} migration goes.',
];

const LOG_TEXTS = [
  'talked about {topic} and what is next for the team',
  'reviewed the design doc on {topic}; left detailed comments',
  'caught up on career plans and the move to {company}',
  'swapped notes on {topic} and shared a reading list',
  'asked for advice on {topic} for our next quarter',
  'shared the slides from the {event} talk',
  'sent the article on {topic} we discussed',
  'discussed hiring for a senior role and interview loops',
  'walked through the migration plan; good questions about rollout',
  'quick check-in after the conference, plans for the next meetup',
  'introduced to a colleague who works on {topic2}',
  'pair-debugged a tricky production issue together',
  'compared notes on running {topic2} at scale',
  'talked through a career decision; useful outside view',
];

// A second clause for some log entries: real notes are rarely one phrase.
const LOG_DETAILS = [
  '; agreed to talk again after the holidays',
  '; promised to send a few links afterwards',
  '; lots to follow up on',
  '; their team is hiring again',
  ', and the trade-offs they hit last year',
  '; recommended two books and a podcast',
  ', with a good story about a failed rollout',
  '; suggested I write it up as a blog post',
];

const LOG_KINDS = ['call', 'coffee', 'email', 'meeting', 'gave', 'got', 'lunch', null];

const FOLLOW_UP_TEXTS = [
  'send the paper on {topic}',
  'introduce to someone working on {topic2}',
  'share our postmortem template',
  'ask about speaking at the next meetup',
  'review the draft blog post on {topic}',
  'send the notes from our last call',
  'congratulate on the launch',
  'share the job description for the {topic} role',
];

const HASHTAGS = ['career', 'hiring', 'learning', 'intro', 'talk', 'open-source', 'strategy', 'writing'];

// Cadences in every form the format knows; null = none written (tags and the default apply).
const CADENCES = [null, null, null, null, '30d', '2w', '6w', '3m', '1y', 'weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', 'none'];

// Subfolders some people are filed under; '' = directly in contacts/.
const FOLDERS = ['', '', '', '', '', '', '', 'conference', 'work', 'community'];

const CONFIG = `# Synthetic network for benchmarks (scripts/gen-network.mjs).
default_cadence: 90d
owner: Sam Rivera
cadence_by_tag:
  mentor: 30d
  mentee: 2w
  investor: 90d
goals: [rust, distributed systems, leadership]
`;

/**
 * A small, fast, seeded PRNG (mulberry32): returns numbers in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The files of a synthetic network, pure: `pln.yml` and `contacts/...md`,
 * as paths relative to the network with their text. Same n and seed, same files.
 * @param {number} n number of people
 * @param {number} [seed]
 * @returns {{ path: string, text: string }[]}
 */
export function networkFiles(n, seed = 1) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`the number of people must be a whole number, not ${n}`);
  if (!Number.isInteger(seed)) throw new Error(`the seed must be a whole number, not ${seed}`);
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  // k distinct items, in the order drawn.
  const pickSome = (list, k) => {
    const pool = [...list];
    const out = [];
    while (out.length < k && pool.length > 0) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
    return out;
  };

  const files = [{ path: 'pln.yml', text: CONFIG }];
  const slugs = new Set();
  const people = [];
  for (let i = 0; i < n; i++) {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    // Two people may share a name; their files may not share a slug.
    const base = slugify(name);
    let slug = base;
    for (let k = 2; slugs.has(slug); k++) slug = `${base}-${k}`;
    slugs.add(slug);
    const folder = pick(FOLDERS);
    const person = { name, slug, folder, ...personFields(name, slug, people, { rand, int, pick, pickSome }) };
    people.push(person);
    files.push({ path: `contacts/${folder ? `${folder}/` : ''}${slug}.md`, text: contactText(person, { rand, int, pick, pickSome }) });
  }
  return files;
}

/**
 * Writes a synthetic network of n people into dir (created when missing; it
 * must be empty, so that no earlier files mix in).
 * @param {string} dir
 * @param {number} n
 * @param {number} [seed]
 * @returns {{ files: number, bytes: number }}
 */
export function generateNetwork(dir, n, seed = 1) {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: generate into a new folder`);
  // The contacts folder exists even with no people, so that pln reads the network.
  mkdirSync(path.join(dir, 'contacts'));
  let bytes = 0;
  const files = networkFiles(n, seed);
  for (const file of files) {
    const abs = path.join(dir, file.path);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, file.text);
    bytes += Buffer.byteLength(file.text);
  }
  return { files: files.length, bytes };
}

/** Frontmatter values for one person; `earlier` are the people generated before (for knows and introduced_by). */
function personFields(name, slug, earlier, r) {
  const { rand, int, pick, pickSome } = r;
  const company = pick(COMPANIES);
  const expertise = pickSome(EXPERTISE, int(2, 5));
  const pastCompanies =
    rand() < 0.4
      ? pickSome(
          COMPANIES.filter((c) => c !== company),
          int(1, 2),
        )
      : [];
  // Most people know a few of the people met before them: a sparse graph.
  const knows = earlier.length > 0 && rand() < 0.5 ? [...new Set(Array.from({ length: int(1, 3) }, () => pick(earlier).slug))] : [];
  const introducedBy = earlier.length > 0 && rand() < 0.35 ? pick(earlier).slug : null;
  const birthday = rand() < 0.3 ? `${rand() < 0.5 ? `${int(1960, 2000)}-` : ''}${pad(int(1, 12))}-${pad(int(1, 28))}` : null;
  const first = slugify(name.split(' ')[0]);
  const last = slugify(name.split(' ').slice(1).join(' ')).replace(/-/g, '');
  // Built from the slug, so that no two people share an address (imports match by email).
  const mailbox = slug.replace(/-/g, '.');
  const domain = `${slugify(company).replace(/-/g, '')}.example`;
  return {
    aliases: rand() < 0.15 ? [name.split(' ')[0]] : [],
    tags: pickSome(TAGS, 3),
    expertise,
    company,
    role: pick(ROLES),
    location: pick(LOCATIONS),
    emails: rand() < 0.2 ? [`${mailbox}@${domain}`, `${mailbox}@example.org`] : [`${mailbox}@${domain}`],
    phone: rand() < 0.3 ? `+1 555 01${pad(int(0, 99))}` : null,
    pronouns: rand() < 0.2 ? pick(['she/her', 'he/him', 'they/them']) : null,
    links: rand() < 0.6 ? { github: `https://github.example/${first}-${last}`, website: `https://${first}${last}.example.org` } : null,
    cadence: pick(CADENCES),
    introducedBy,
    knows,
    pastCompanies,
    birthday,
    added: addDays(GENERATOR_TODAY, -int(LOG_SPAN_DAYS, LOG_SPAN_DAYS + 365)),
    event: pick(EVENTS),
  };
}

/** The text of one contact file. */
function contactText(p, r) {
  const { rand, int, pick, pickSome } = r;
  const fill = (template) =>
    template
      .replace(/\{topic\}/g, p.expertise[0])
      .replace(/\{topic2\}/g, p.expertise[1] ?? p.expertise[0])
      .replace(/\{company\}/g, p.company)
      .replace(/\{location\}/g, p.location)
      .replace(/\{event\}/g, p.event)
      .replace(/\{past\}/g, p.pastCompanies[0] ?? 'a start-up')
      .replace(/\{year\}/g, p.added.slice(0, 4));
  const list = (items) => `[${items.map((s) => (s.includes('[') ? `"${s}"` : s)).join(', ')}]`;

  const lines = ['---', `name: ${p.name}`];
  if (p.aliases.length) lines.push(`aliases: ${list(p.aliases)}`);
  lines.push(`tags: ${list(p.tags)}`);
  // Block lists for some people, flow lists for the others: both are common by hand.
  if (rand() < 0.3) lines.push('expertise:', ...p.expertise.map((e) => `  - ${e}`));
  else lines.push(`expertise: ${list(p.expertise)}`);
  lines.push(`company: ${p.company}`, `role: ${p.role}`, `location: ${p.location}`);
  lines.push(p.emails.length === 1 ? `email: ${p.emails[0]}` : `email: ${list(p.emails)}`);
  if (p.phone) lines.push(`phone: "${p.phone}"`);
  if (p.links) lines.push('links:', ...Object.entries(p.links).map(([k, v]) => `  ${k}: ${v}`));
  if (p.cadence) lines.push(`cadence: ${p.cadence}`);
  if (p.introducedBy) lines.push(`introduced_by: ${rand() < 0.5 ? p.introducedBy : `"[[${p.introducedBy}]]"`}`);
  if (p.knows.length) lines.push(`knows: ${list(p.knows.map((k) => (rand() < 0.3 ? `[[${k}]]` : k)))}`);
  if (p.pastCompanies.length) lines.push(`past_companies: ${list(p.pastCompanies)}`);
  if (p.birthday) lines.push(`birthday: ${p.birthday}`);
  lines.push(`added: ${p.added}`);
  // A key pln does not know, as users add them: kept as written.
  if (p.pronouns) lines.push(`pronouns: ${p.pronouns}`);
  lines.push('---');

  lines.push(...wrap(pickSome(NOTE_SENTENCES, int(4, 6)).map(fill).join(' ')), '');

  // Ten interactions over the last 18 months, newest first, as pln writes them.
  lines.push('## Log');
  const offsets = Array.from({ length: 10 }, () => int(0, LOG_SPAN_DAYS)).sort((a, b) => a - b);
  for (const offset of offsets) {
    const kind = pick(LOG_KINDS);
    const tag = rand() < 0.35 ? ` #${pick(HASHTAGS)}` : '';
    const detail = rand() < 0.95 ? pick(LOG_DETAILS) : '';
    const text = `${fill(pick(LOG_TEXTS))}${detail}${tag}`;
    lines.push(`- ${addDays(GENERATOR_TODAY, -offset)}${kind ? ` ${kind}:` : ''} ${text}`);
  }

  const followUps = int(0, 3);
  if (followUps > 0) {
    lines.push('', '## Follow-ups');
    for (let i = 0; i < followUps; i++) {
      const text = fill(pick(FOLLOW_UP_TEXTS));
      const due = addDays(GENERATOR_TODAY, int(-60, 60));
      const form = rand();
      if (form < 0.45) lines.push(`- [ ] ${text} 📅 ${due}`);
      else if (form < 0.6) lines.push(`- [ ] ${due} ${text}`);
      else if (form < 0.75) lines.push(`- [ ] ${text}`);
      else {
        // Done on or before the due date, and never after today.
        const done = addDays(due, -int(0, 5));
        lines.push(`- [x] ${text} 📅 ${due} ✅ ${done < GENERATOR_TODAY ? done : GENERATOR_TODAY}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Lines of at most about 80 characters, as people write notes in an editor. */
function wrap(text) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > 80) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Same rule as `pln add`: accents folded to ASCII, lower case, other runs to one `-`. */
function slugify(name) {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` plus a number of days, through UTC so the local zone never matters. */
function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function main(argv) {
  const [dir, count, seedText] = argv;
  const usage = 'usage: node scripts/gen-network.mjs DIR N [SEED]';
  const n = Number(count);
  const seed = seedText === undefined ? 1 : Number(seedText);
  if (!dir || !Number.isInteger(n) || n < 0 || !Number.isInteger(seed)) {
    console.error(usage);
    return 2;
  }
  try {
    const { files, bytes } = generateNetwork(dir, n, seed);
    console.log(`wrote ${files} files (${n} people, ${(bytes / 1024).toFixed(0)} KiB) to ${dir} with seed ${seed}`);
    return 0;
  } catch (err) {
    console.error(`gen-network: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
