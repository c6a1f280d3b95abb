/**
 * `pln help TOPIC`: short guides to what no single command's help covers.
 * Each is plain text that fits 80 columns, accurate to SPEC.md.
 */

/** Topic names, in the order `pln --help` lists them. */
export const HELP_TOPICS = ['format', 'dates', 'config', 'sync'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** One line each, for `pln --help` and shell completion. */
export const TOPIC_SUMMARIES: Record<HelpTopic, string> = {
  format: 'the contact file: frontmatter keys, ## Log, ## Follow-ups',
  dates: 'dates and durations you can type, and how due dates are computed',
  config: 'pln.yml settings, which folder pln uses, environment variables',
  sync: 'sharing a network between machines with git',
};

const FORMAT = `One Markdown file per person under contacts/ (subfolders too). The file name
without .md is the person's slug. Only "name" is required.

  ---
  name: Ada Lovelace
  aliases: [Ada]
  tags: [mentor, rust-community]
  expertise: [compilers, rust, distributed systems]
  company: Analytical Engines
  role: Staff Engineer
  email: ada@example.com
  links:
    github: https://github.com/ada
  cadence: 30d
  introduced_by: grace-hopper
  knows: [charles-babbage]
  added: 2025-02-11
  ---
  Met at RustConf 2024. Free notes go here.

  ## Log
  - 2026-11-20 coffee: talked about compiler internships #career
  - 2026-10-03 call: reviewed her RFC draft

  ## Follow-ups
  - [ ] send the benchmark paper 📅 2026-12-05
  - [x] intro to Bob at Acme 📅 2026-11-01 ✅ 2026-10-30

Frontmatter keys pln knows:
  name                  display name (required)
  aliases               nicknames, also matched when you name a person
  tags, expertise       lists; a single value is read as a list of one
  company, role, location
  email, phone          one value or a list
  links                 map of name: URL
  cadence               how often to check in (see pln help dates); none = never
  introduced_by, knows  slugs, or [[slug]] links as in Obsidian
  past_companies        list of earlier employers
  birthday              MM-DD or YYYY-MM-DD
  added, last_contact   dates; last_contact is for people with no log yet
  snooze_until          no check-in is due before this date (pln snooze)
Any other key is yours: pln keeps it exactly as written.

## Log: one line per interaction, "- YYYY-MM-DD[ KIND]: TEXT". KIND is one
word (call, coffee, email, meeting, gave, got, ...); "- YYYY-MM-DD TEXT"
without a colon has no kind; #word in TEXT is a hashtag. pln log adds
entries newest first.

## Follow-ups: tasks in the Obsidian Tasks format. "- [ ] TEXT 📅 DATE" is
open and due on DATE, "- [ ] TEXT" has no date, "- [x] ... ✅ DATE" is done.
Headings match in any case; "Followups" and "Follow ups" work too.

pln changes only what a command changes: one key's lines, one inserted line.
Comments, key order, quoting, blank lines and CRLF endings stay as they are.
Check every file with pln doctor.`;

const DATES = `Every date is a calendar date, YYYY-MM-DD, with no time zone.

When something happened (pln log --date):
  2026-11-20, today, yesterday, 3d ago, 2w ago, 1m ago, -3d
  monday ... sunday (or mon, tue, ...): the latest such day, today included
  last friday: the latest such day before today (a week ago on a Friday)
  last week, jan 15, 15 jan, 15 January 2026: the latest such day

When something is due (pln followup --due):
  2026-12-05, today, tomorrow, in 2w, +3d, 3d, in 2 weeks
  friday (or fri, next friday): the next such day, never today
  next week (in 7 days), next month, end of month, end of next month
  jan 15, 15 jan, 15 January 2027: the next such day, today included
Numeric dates like 12/05 are refused: day and month order differ by
country; write YYYY-MM-DD.

Cadence, how often to check in with someone (cadence: in a contact file,
default_cadence and cadence_by_tag in pln.yml, pln add --cadence):
  7d, 2w, 3m, 1y (days, weeks, months, years), daily, weekly, biweekly,
  monthly, quarterly, yearly; none (or never) = never due
Months and years follow the calendar: Jan 31 + 1m = Feb 28 (29 in a leap
year). In JSON, cadence_days counts 30 a month and 365 a year, as
written: 12m is 360, 1y is 365.

Durations for pln due --within: 7d, 2w, 1m (also a bare number of days).

How due dates are computed:
  last contact  the latest log date, or last_contact if later
  due date      last contact + cadence; with no last contact, added +
                cadence, or today when added is unknown; snooze_until
                moves it later
  new           never contacted and added less than a cadence ago
  due           the due date is today or earlier (pln due); days_overdue
                is today - due date, 0 = due today
  overdue       an open follow-up dated before today (one due today is
                not overdue yet)
A contact's own cadence wins; else the shortest of its tags' cadences in
cadence_by_tag; else default_cadence (90d unless set).

Tables show relative dates next to absolute ones ("3 weeks ago").
PLN_TODAY=YYYY-MM-DD pins "today" for every command (scripts, demos):
  PLN_TODAY=2026-12-01 pln due`;

const CONFIG = `Which network folder pln uses, first match wins:
  1. --dir DIR
  2. $PLN_DIR
  3. the nearest folder above the current one that holds pln.yml
  4. ~/pln
Create one with pln init (add --git for a git repository, --sample for a
sample network to try).

pln.yml, every key optional:
  contacts_dir     folder of contact files in the network    contacts
  default_cadence  cadence of a contact that sets none       90d
  autocommit       commit every change pln writes (git)      false
  owner            your own name, for exports                none
  cadence_by_tag   map of tag: cadence; a contact's own      none
                   cadence wins, else its tags' shortest
  goals            topics you want to learn; ranks pln       none
                   suggest
  owner_emails     your own addresses, for pln capture       none
  capture.sources  mailboxes and calendars pln capture       none
                   reads (mbox, Maildir, .ics; ~ allowed)
  capture.subjects false: capture logs without subjects      true
  topic_aliases    map of topic: [other words for it], for   none
                   pln who and pln topics (set in the file)

  contacts_dir: contacts
  default_cadence: 60d
  autocommit: true
  owner: Grace Hopper
  cadence_by_tag:
    mentor: 30d
    conference: 6m
  goals: [rust, public speaking]
  owner_emails: [grace@example.com]
  capture:
    sources: [~/Mail/INBOX, ~/.calendars/work]
  topic_aliases:
    typesetting: [tex, latex]

Read and change it with pln config (only the changed lines are rewritten,
comments stay):
  pln config list
  pln config get default_cadence
  pln config set cadence_by_tag.mentor 30d
  pln config set goals "rust, public speaking"
  pln config unset owner

The folder may also hold templates/contact.md, which replaces the built-in
template of pln add ({{name}} and {{added}} are filled in). .pln/ holds
machine-local caches and locks; it is never committed.

Environment:
  PLN_DIR            the network folder (see above)
  PLN_TODAY          pin "today" (YYYY-MM-DD)
  VISUAL, EDITOR     the editor of pln edit
  PAGER, PLN_PAGER   the pager for long output on a terminal (less -FRX
                     by default; PLN_PAGER wins; --no-pager turns it off)
  NO_COLOR           no colours (also --no-color); FORCE_COLOR forces them

See pln config --help for the command's options.`;

const SYNC = `A network is a folder of plain files, so git keeps it in step across
machines. Set it up once:

  pln init ~/pln --git                  # or: cd ~/pln && git init
  cd ~/pln && git remote add origin git@example.com:me/pln.git

Then on every machine:

  pln sync

pln sync commits your local changes, pulls, and pushes. Log entries and
follow-ups added on two machines to the same person merge without a
conflict. A real conflict (the same key changed to two different values)
is explained, names the file and key, and leaves the repository clean
with nothing lost: set the value you want (pln set), then run pln sync
again, or settle every clash at once with pln sync --ours or --theirs.
git work you asked for fails loudly: exit 1 with the reason.

With autocommit: true in pln.yml, every change pln writes is committed
right away (pln config set autocommit true). Autocommit never fails the
command: if git cannot commit, pln warns and the change stays on disk.

.pln/ (caches and locks) is machine-local: pln init adds it to
.gitignore. Files edited by hand are committed by the next pln sync.

See pln sync --help for its options.`;

const TEXTS: Record<HelpTopic, string> = { format: FORMAT, dates: DATES, config: CONFIG, sync: SYNC };

/** The text of a help topic, with a title line. */
export function topicText(topic: HelpTopic): string {
  return `pln help ${topic}: ${TOPIC_SUMMARIES[topic]}\n\n${TEXTS[topic]}\n`;
}

/** True when `name` is a help topic. */
export function isHelpTopic(name: string): name is HelpTopic {
  return (HELP_TOPICS as readonly string[]).includes(name);
}
