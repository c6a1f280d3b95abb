/**
 * The tool table: one entry per tool, each the `pln` command of the same
 * name. An entry gives the arguments (zod, with descriptions written for a
 * model), the command line they make, and what the command's `--json`
 * prints. Adding a tool is adding an entry.
 *
 * The zod module arrives with the SDK (loaded only by `pln mcp`), so the
 * schemas are functions of it.
 */
import type { z as Zod, ZodRawShape, ZodType } from 'zod';

type Z = typeof Zod;
// Arguments as validated by the tool's schema.
type Args = Record<string, unknown>;

/** The largest text a tool takes: a log line, a follow-up, a value. */
export const MAX_TEXT = 4096;
/** The largest name, topic or query. */
export const MAX_NAME = 200;

export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  /** Changes a file (left out with --read-only). */
  write: boolean;
  /** Removes or overwrites something the user wrote (a value, an open follow-up). */
  destructive?: boolean;
  /** Calling it again with the same arguments changes nothing more. */
  idempotent?: boolean;
  input: (z: Z) => ZodRawShape;
  /**
   * Read tools: the shape of the command's `--json` value, a list (given to
   * the client as `{items, total}`) or an object, with the schema of an item
   * or of the object.
   */
  output?: { list: true; item: (z: Z) => ZodType; limit: number } | { list: false; value: (z: Z) => ZodType };
  /**
   * The command line (after `pln`) for these arguments: options first, each
   * with its value after `=`, then `--`, then the positional arguments, so
   * that nothing a client sends is read as an option.
   * `--json` is added after the first word for the structured result.
   */
  argv: (a: Args) => string[];
}

// ---- argument vocabulary ------------------------------------------------------

/** One line of printable text, bounded. */
const line = (z: Z, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} is empty`)
    .max(max, `the ${what} is longer than ${max} characters`)
    .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/u, `the ${what} must be one line of plain text (no line breaks or control characters)`);

const who = (z: Z) =>
  line(z, MAX_NAME, 'person').describe(
    'The person: slug (file name without .md), full name, alias, or a unique prefix of one, e.g. "ada" or "Ada Lovelace". An ambiguous name is an error listing the candidates: call again with a slug.',
  );
const tags = (z: Z, what: string) =>
  z
    .array(line(z, 64, 'tag'))
    .min(1)
    .max(20)
    .optional()
    .describe(what);
const limit = (z: Z, fallback: number, what: string) => z.number().int().min(1).max(1000).optional().describe(`At most this many ${what} (default ${fallback}); \`total\` says how many there are.`);
const dryRun = (z: Z) => z.boolean().optional().describe('Show the change as a diff and write nothing.');

// Option values are joined to their option (`--date=VALUE`): a value that
// looks like an option (`--dir=/etc`) is then never read as one.
const opt = (name: string, value: unknown): string[] => (value === undefined || value === null || value === '' ? [] : [`${name}=${String(value)}`]);
const flag = (name: string, on: unknown): string[] => (on === true ? [name] : []);
const each = (name: string, values: unknown): string[] => ((values as string[] | undefined) ?? []).map((v) => `${name}=${v}`);

// ---- what the commands print with --json --------------------------------------

const person = (z: Z) => ({ slug: z.string().describe('Names this person in every other tool.'), name: z.string() });
const dueItem = (z: Z) =>
  z
    .looseObject({
      ...person(z),
      last_contact: z.string().nullable(),
      due_date: z.string().nullable(),
      days_overdue: z.number().describe('Days past the check-in date; negative: due in that many days.'),
    })
    .describe('A person due for a check-in.');
const whoItem = (z: Z) =>
  z.looseObject({
    ...person(z),
    score: z.number(),
    matches: z.array(z.looseObject({ field: z.string(), value: z.string() })),
    last_contact: z.string().nullable(),
    warm: z.boolean().describe('In touch: contacted within two cadences.'),
  });
const searchItem = (z: Z) => z.looseObject({ ...person(z), score: z.number(), matches: z.array(z.looseObject({ field: z.string(), value: z.string() })) });
const followupItem = (z: Z) => z.looseObject({ ...person(z), text: z.string(), due: z.string().nullable(), done: z.boolean(), overdue: z.boolean() });
const listItem = (z: Z) =>
  z.looseObject({ ...person(z), tags: z.array(z.string()), expertise: z.array(z.string()), company: z.string().nullable(), role: z.string().nullable(), last_contact: z.string().nullable() });
const suggestItem = (z: Z) => z.looseObject({ ...person(z), score: z.number(), reasons: z.array(z.string()) });
const topicItem = (z: Z) => z.looseObject({ topic: z.string(), count: z.number(), warm: z.number(), goal: z.boolean(), people: z.array(z.string()).describe('Slugs of the people who know it.') });

export const TOOLS: readonly ToolSpec[] = [
  // ---- read ----
  {
    name: 'due',
    title: 'People due for a check-in',
    description:
      'People whose check-in is due (last contact + their cadence is today or past), most overdue first. Use it for "whom have I neglected?" or "who should I reach out to this week?" (within: "7d").',
    write: false,
    input: (z) => ({
      within: line(z, 20, 'duration').optional().describe('Also people due in the next DURATION: 7d, 2w, 1m.'),
      tag: tags(z, 'Only people with all of these tags.'),
      limit: limit(z, 50, 'people'),
    }),
    output: { list: true, item: dueItem, limit: 50 },
    argv: (a) => ['due', ...opt('--within', a.within), ...each('--tag', a.tag)],
  },
  {
    name: 'who',
    title: 'Who knows a topic',
    description:
      'Who in the network knows a topic, best and warmest matches first, with what matched (expertise, tags, role, company, notes, log). Use it for "who do I know who has done X?". Words, not sentences: "kubernetes operators", "rust".',
    write: false,
    input: (z) => ({
      topic: line(z, MAX_NAME, 'topic').describe('The topic, a few words: "distributed systems".'),
      cold: z.boolean().optional().describe('Only people you have lost touch with.'),
      limit: limit(z, 10, 'people'),
    }),
    output: { list: true, item: whoItem, limit: 10 },
    // Every match: the server keeps `limit` of them and says how many there are in all.
    argv: (a) => ['who', ...flag('--cold', a.cold), '--', a.topic as string],
  },
  {
    name: 'show',
    title: 'One person',
    description:
      'Everything about one person: fields, cadence and due date, give/get balance, open and done follow-ups, the whole log (newest first) and the notes. Use it before writing to someone or to answer questions about them.',
    write: false,
    input: (z) => ({ who: who(z) }),
    output: { list: false, value: (z) => z.looseObject({ ...person(z), file: z.string() }).describe('The person record of `pln show --json`.') },
    argv: (a) => ['show', '--', a.who as string],
  },
  {
    name: 'search',
    title: 'Search everything',
    description:
      'Fuzzy search over names, fields, notes, log entries and follow-ups (typos forgiven). Use it to find where something was mentioned ("rustconf", "benchmark paper"); use `who` for expertise.',
    write: false,
    input: (z) => ({ query: line(z, MAX_NAME, 'query').describe('Words to look for.'), limit: limit(z, 20, 'people') }),
    output: { list: true, item: searchItem, limit: 20 },
    argv: (a) => ['search', '--', a.query as string],
  },
  {
    name: 'followups',
    title: 'Open follow-ups',
    description: 'What you promised or planned, across the network: overdue first, then by due date, undated last. `line` and `file` locate each item; close one with the `done` tool.',
    write: false,
    input: (z) => ({
      all: z.boolean().optional().describe('Include done follow-ups.'),
      tag: tags(z, 'Only people with all of these tags.'),
      limit: limit(z, 50, 'follow-ups'),
    }),
    output: { list: true, item: followupItem, limit: 50 },
    argv: (a) => ['followups', ...flag('--all', a.all), ...each('--tag', a.tag)],
  },
  {
    name: 'today',
    title: 'Daily agenda',
    description: 'Today\'s agenda: follow-ups due, people to reconnect with (and why), birthdays this week. A good first call for "what should I do today?".',
    write: false,
    input: () => ({}),
    output: { list: false, value: (z) => z.looseObject({ date: z.string() }).describe('The agenda of `pln today --json`.') },
    argv: () => ['today'],
  },
  {
    name: 'suggest',
    title: 'Whom to reach out to',
    description:
      'People to reach out to now, ranked by how overdue they are against their cadence, follow-ups you owe, whether they know one of your goals, and whose turn it is to give; each with its reasons.',
    write: false,
    input: (z) => ({ n: z.number().int().min(1).max(100).optional().describe('How many people (default 5).') }),
    output: { list: true, item: suggestItem, limit: 100 },
    argv: (a) => ['suggest', '--', String(a.n ?? 5)],
  },
  {
    name: 'intro',
    title: 'Introduction paths',
    description:
      'Who can introduce you to a person, a company (current or past) or a topic: paths through `knows` and `introduced_by`, shortest and warmest first ("you → Amara Okafor → Mei Tanaka").',
    write: false,
    input: (z) => ({
      target: line(z, MAX_NAME, 'target').describe('A person, a company or a topic: "mei", "Acme Corp", "kubernetes".'),
      limit: z.number().int().min(1).max(100).optional().describe('At most this many paths (default 10).'),
    }),
    output: { list: false, value: (z) => z.looseObject({ target: z.string(), kinds: z.array(z.string()), paths: z.array(z.looseObject({})) }).describe('The paths of `pln intro --json`.') },
    argv: (a) => ['intro', ...opt('--limit', a.limit ?? 10), '--', a.target as string],
  },
  {
    name: 'topics',
    title: 'Topics of the network',
    description: 'Every expertise topic in the network with how many people know it and how many of them you are in touch with; `gaps` lists only topics no one warm knows (your goals included).',
    write: false,
    input: (z) => ({
      gaps: z.boolean().optional().describe('Only topics no one you are in touch with knows.'),
      sort: z.enum(['count', 'name']).optional().describe('count (default) or name.'),
      limit: limit(z, 100, 'topics'),
    }),
    output: { list: true, item: topicItem, limit: 100 },
    argv: (a) => ['topics', ...flag('--gaps', a.gaps), ...opt('--sort', a.sort)],
  },
  {
    name: 'list',
    title: 'List people',
    description: 'People in the network, filtered by tag, company or expertise and sorted by name, last contact or due date.',
    write: false,
    input: (z) => ({
      tag: tags(z, 'Only people with all of these tags.'),
      company: z
        .array(line(z, MAX_NAME, 'company'))
        .max(20)
        .optional()
        .describe('Only people at one of these companies (part of the name is enough).'),
      expertise: z
        .array(line(z, MAX_NAME, 'topic'))
        .max(20)
        .optional()
        .describe('Only people who know all of these topics.'),
      sort: z.enum(['name', 'last', 'due']).optional().describe('name (default), last (latest contact first) or due.'),
      limit: limit(z, 50, 'people'),
    }),
    output: { list: true, item: listItem, limit: 50 },
    argv: (a) => ['list', ...each('--tag', a.tag), ...each('--company', a.company), ...each('--expertise', a.expertise), ...opt('--sort', a.sort)],
  },

  // ---- write ----
  {
    name: 'log',
    title: 'Log an interaction',
    description:
      'Record something that happened with a person, as one line in their ## Log: "talked about the keynote", "sent my notes". Only what the user said happened; the date is today unless given.',
    write: true,
    input: (z) => ({
      who: who(z),
      text: line(z, MAX_TEXT, 'log text').describe('What happened, one line; #words become hashtags.'),
      kind: z
        .string()
        .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'the kind is one word')
        .optional()
        .describe('One word: call, coffee, email, meeting, gave (you helped them), got (they helped you), ...'),
      date: line(z, 40, 'date').optional().describe('When: YYYY-MM-DD, today, yesterday, "3d ago" or a weekday name (the latest one). Default today; never in the future.'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['log', ...opt('--date', a.date), ...opt('--kind', a.kind), ...flag('--dry-run', a.dry_run), '--', a.who as string, a.text as string],
  },
  {
    name: 'followup',
    title: 'Add a follow-up',
    description: 'Add an open follow-up (something the user promised or wants to do) to a person, as a task in their ## Follow-ups.',
    write: true,
    input: (z) => ({
      who: who(z),
      text: line(z, MAX_TEXT, 'follow-up text').describe('What to do, one line: "send the benchmark paper".'),
      due: line(z, 40, 'due date').optional().describe('When: YYYY-MM-DD, tomorrow, "in 2w", "+3d" or a weekday name (the next one).'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['followup', ...opt('--due', a.due), ...flag('--dry-run', a.dry_run), '--', a.who as string, a.text as string],
  },
  {
    name: 'note',
    title: 'Add a note',
    description: "Add a paragraph to a person's notes (what they work on, what they care about, how you met): durable facts, not events (use `log` for those).",
    write: true,
    input: (z) => ({
      who: who(z),
      text: line(z, MAX_TEXT, 'note text').describe('The note, one paragraph on one line.'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['note', ...flag('--dry-run', a.dry_run), '--', a.who as string, a.text as string],
  },
  {
    name: 'snooze',
    title: 'Snooze a check-in',
    description: "Move a person's next check-in later without pretending you were in touch (sets snooze_until; the due date never moves earlier).",
    write: true,
    idempotent: true,
    input: (z) => ({
      who: who(z),
      until: line(z, 40, 'when').describe('For how long (2w, 30d, 3m) or until when (2027-01-15, "jan 15", "next week").'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['snooze', ...flag('--dry-run', a.dry_run), '--', a.who as string, a.until as string],
  },
  {
    name: 'done',
    title: 'Mark a follow-up done',
    description:
      "Tick one of a person's open follow-ups (with today's date). Name it by part of its text or by its number among the open ones (1 = first, as in `show`); when the person has only one, it may be left out.",
    write: true,
    destructive: true,
    input: (z) => ({ who: who(z), item: line(z, MAX_NAME, 'item').optional().describe('Part of the follow-up text, or its number among the open ones ("2").'), dry_run: dryRun(z) }),
    argv: (a) => ['done', ...flag('--dry-run', a.dry_run), '--', a.who as string, ...(a.item === undefined ? [] : [a.item as string])],
  },
  {
    name: 'tag',
    title: 'Add tags',
    description: 'Add tags to a person (tags they already have are left as they are).',
    write: true,
    idempotent: true,
    input: (z) => ({
      who: who(z),
      tags: z
        .array(line(z, 64, 'tag'))
        .min(1)
        .max(20)
        .describe('Tags to add: ["mentor", "rust-community"].'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['tag', ...flag('--dry-run', a.dry_run), '--', a.who as string, ...(a.tags as string[])],
  },
  {
    name: 'set',
    title: 'Set a field',
    description:
      'Set one frontmatter key of a person, replacing its value: company, role, location, cadence (30d, 2w, monthly, none), email, expertise or tags (comma-separated), birthday (MM-DD), links.NAME (a URL). Only that key changes in the file.',
    write: true,
    destructive: true,
    idempotent: true,
    input: (z) => ({
      who: who(z),
      key: z
        .string()
        .regex(/^(?:[A-Za-z_][A-Za-z0-9_-]{0,63}|links\.[A-Za-z0-9_-]{1,40})$/, 'not a frontmatter key (letters, digits, _ and -; links.NAME for a link)')
        .describe('The key: company, role, cadence, expertise, links.github, ...'),
      value: line(z, MAX_TEXT, 'value').describe('The new value; lists take comma-separated values.'),
      dry_run: dryRun(z),
    }),
    argv: (a) => ['set', ...flag('--dry-run', a.dry_run), '--', a.who as string, a.key as string, a.value as string],
  },
  {
    name: 'add',
    title: 'Add a person',
    description: 'Add a new person to the network (a new contact file from the template). Check with `show` or `search` first that they are not there already.',
    write: true,
    input: (z) => ({
      name: line(z, MAX_NAME, 'name').describe('Full name: "Grace Hopper".'),
      tags: tags(z, 'Tags: ["mentor"].'),
      expertise: z
        .array(line(z, MAX_NAME, 'topic'))
        .max(20)
        .optional()
        .describe('Topics they know: ["rust", "compilers"].'),
      company: line(z, MAX_NAME, 'company').optional(),
      role: line(z, MAX_NAME, 'role').optional(),
      email: z
        .array(line(z, 320, 'email'))
        .max(10)
        .optional(),
      cadence: line(z, 20, 'cadence').optional().describe('How often to check in: 30d, 2w, monthly, quarterly, none.'),
      met: line(z, MAX_NAME, 'met').optional().describe('When or where you met: a date or text like "RustConf 2024".'),
      note: line(z, MAX_TEXT, 'note').optional().describe('A first note for the body.'),
      dry_run: dryRun(z),
    }),
    argv: (a) => [
      'add',
      ...each('--tag', a.tags),
      ...each('--expertise', a.expertise),
      ...opt('--company', a.company),
      ...opt('--role', a.role),
      ...each('--email', a.email),
      ...opt('--cadence', a.cadence),
      ...opt('--met', a.met),
      ...opt('--note', a.note),
      ...flag('--dry-run', a.dry_run),
      '--',
      a.name as string,
    ],
  },
];
