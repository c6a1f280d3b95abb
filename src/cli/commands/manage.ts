/** Creating things: init (a network), add (a person), edit (open in the editor). */
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCadence, CADENCE_HINT } from '../../domain/cadence.js';
import { PlnError, usageError } from '../../domain/errors.js';
import { dateError, parsePastDate } from '../../domain/dates.js';
import { fold, slugify } from '../../domain/text.js';
import { contactText, type NewContactFields } from '../../file/new-contact.js';
import { parseContact } from '../../file/parse.js';
import { hashText, readOptional, readOptionalBytes, readText, writeAtomic } from '../../store/folder.js';
import { readJournal } from '../../store/journal.js';
import { MAX_TEMPLATE_BYTES, kindOf, templateRead } from '../../store/bounded.js';
import type { App } from '../app.js';
import { collectList } from '../options.js';
import { clean } from '../render.js';
import { createInNetwork } from '../change.js';
import { copyNewFile, makeFolder as mkdir } from '../../store/files.js';
import { childProcess } from '../../store/builtins.js';
import { warnNearTags } from '../near.js';

/** The package's own `templates/` folder (next to dist/ once built). */
export function packageTemplates(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ['..', '../..', '../../..']) {
    const dir = path.resolve(here, up, 'templates');
    if (fs.existsSync(path.join(dir, 'contact.md'))) return dir;
  }
  throw new PlnError('file', 'the built-in templates are missing from this installation of pln');
}

const DEFAULT_CONFIG = `# pln settings. Every key is optional; see "pln help config".
contacts_dir: contacts
default_cadence: 90d
autocommit: false
# owner: Your Name
# cadence_by_tag:
#   mentor: 30d
# goals: [rust, leadership]
`;

interface AddOptions extends NewContactFields {
  tag: string[];
  expertise: string[];
  company?: string;
  role?: string;
  email: string[];
  cadence?: string;
  met?: string;
  note?: string;
  dryRun?: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('init')
    .argument('[dir]', 'where to create the network (default: --dir, $PLN_DIR, or ~/pln)')
    .description('create a network: pln.yml, contacts/, and a .gitignore for .pln/')
    .option('--sample', 'fill it with the sample network')
    .option('--git', 'make it a git repository, ready for pln sync')
    .addHelpText('after', '\nExamples:\n  pln init\n  pln init ~/pln --git\n  pln init /tmp/demo --sample')
    .action(async (dirArg: string | undefined, opts: { sample?: boolean; git?: boolean }) => {
      const dir = dirArg ? app.resolvePath(dirArg) : app.location().dir;
      const existed = fs.existsSync(path.join(dir, 'pln.yml'));
      if (existed && opts.sample) {
        throw new PlnError('conflict', `${dir} is already a network; --sample only fills a new one (try pln init /tmp/demo --sample)`);
      }
      // Read before anything is written: a .gitignore pln will not read (a link) stops init with nothing made.
      const gitignore = path.join(dir, '.gitignore');
      const ignoreText = withLine(gitignore, '.pln/');
      makeFolders(dir);
      const templates = opts.sample ? packageTemplates() : null;
      if (!existed) {
        const config = templates ? (readOptional(path.join(templates, 'sample', 'pln.yml')) ?? DEFAULT_CONFIG) : DEFAULT_CONFIG;
        writeAtomic(path.join(dir, 'pln.yml'), config, 'pln.yml');
      }
      const contacts = path.join(dir, 'contacts');
      mkdir(contacts, { recursive: true });
      if (ignoreText !== null) writeAtomic(gitignore, ignoreText, '.gitignore');
      let copied = 0;
      if (templates) copied = copyTree(path.join(templates, 'sample', 'contacts'), contacts);
      if (opts.git) {
        const [{ initRepository, firstCommit }, { cliPath }] = await Promise.all([import('../../sync/sync.js'), import('./sync.js')]);
        initRepository(dir, 'contacts', cliPath());
        // Git work the user did not ask for in so many words never fails init.
        const why = firstCommit(dir);
        if (why) app.warn(`the first commit was not made (${why}); commit by hand, or pln sync will`);
      }
      app.note(`${existed ? 'Already a network' : 'Created a network'} at ${dir}${copied ? ` (${copied} sample contacts)` : ''}${opts.git ? ', a git repository' : ''}.`);
      if (!existed) app.note(`Next: pln add "Ada Lovelace" --tag mentor${dirArg ? ` --dir ${dir}` : ''}`);
    });

  program
    .command('add')
    .argument('[name]', 'full name (asked for on a terminal when left out)')
    .description('add a person from the template')
    .option('-t, --tag <tags>', 'tags (repeatable or comma-separated)', collectList, [])
    .option('-e, --expertise <topics>', 'topics they know (repeatable or comma-separated)', collectList, [])
    .option('--company <company>', 'where they work')
    .option('--role <role>', 'what they do')
    .option('--email <email>', 'email address (repeatable)', collectList, [])
    .option('--cadence <cadence>', `how often to check in (${CADENCE_HINT})`)
    .option('--last-contact <date>', 'when you were last in touch (2026-10-01, 3w ago, jan 15): the first check-in is due one cadence after it')
    .option('--met <when-or-where>', 'when or where you met (a date, or text like "RustConf 2024")')
    .option('--note <text>', 'a first note for the body')
    .option('-n, --dry-run', 'show the file, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  pln add "Ada Lovelace" --tag mentor --expertise rust,compilers --company "Analytical Engines"\n  pln add "José García" --met "RustConf 2024" --cadence quarterly\n  pln add            (on a terminal: asks for each field)',
    )
    .action(async (name: string | undefined, opts: AddOptions) => {
      let fields = opts;
      app.network();
      if (name === undefined) {
        if (!app.interactive) throw usageError('missing NAME: pln add "Full Name" [--tag T ...] (it asks for the fields only on a terminal)');
        ({ name, fields } = await askForContact(app, opts));
      }
      await addContact(app, name, fields);
    });

  program
    .command('edit')
    .argument('<who>', 'the person')
    .description('open the file in $VISUAL or $EDITOR, then check that it still parses')
    .addHelpText('after', '\nExamples:\n  pln edit ada\n  EDITOR="code -w" pln edit grace')
    .action(async (who: string) => {
      const c = await resolveForEdit(app, who);
      const dir = app.network().dir;
      const abs = path.join(dir, c.file);
      refuseUnlessRegular(abs, c.file);
      const editor = app.env.VISUAL || app.env.EDITOR || 'vi';
      // Changes pln makes while the editor is open are told apart from those made before.
      const before = new Set(readJournal(dir).map((change) => change.id));
      // Like git: the editor string goes to sh (it may carry flags); the path is a separate argument.
      const r = childProcess().spawnSync('/bin/sh', ['-c', `${editor} "$1"`, editor, abs], { stdio: 'inherit', env: app.env, cwd: app.cwd });
      if (r.error || r.status !== 0) throw new PlnError('file', `the editor "${editor}" failed${r.status !== null ? ` (exit ${r.status})` : ''}; ${c.file} is as the editor left it`);
      const { text } = readText(abs, c.file);
      if (text === null) throw new PlnError('file', `${c.file}: not valid UTF-8 text; save it as UTF-8`);
      // pln holds no lock on a file while an editor has it: a change made meanwhile (\`pln log\` in
      // another terminal) is lost when the editor saves what it read before. Said, not guessed at.
      const meanwhile = readJournal(dir).filter((change) => !before.has(change.id) && change.files.some((f) => f.rel === c.file));
      const last = meanwhile.at(-1)?.files.find((f) => f.rel === c.file);
      if (last && last.after !== hashText(text)) {
        for (const change of meanwhile)
          app.warn(`${c.file}: "${clean(change.command)}" changed it while the editor was open; the editor's save may have replaced that change (check, and run it again if it is gone)`);
      }
      const { contact, problems } = parseContact(text, { file: c.file, slug: c.slug });
      for (const p of problems) app.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${clean(p.message)}`);
      if (!contact) throw new PlnError('file', `${c.file} no longer parses; run pln edit ${c.slug} again to fix it`);
      app.note(`Saved ${c.file}.`);
    });
}

async function addContact(app: App, name: string, opts: AddOptions): Promise<void> {
  const display = name.trim().replace(/\s+/g, ' ');
  if (display === '' || /[\u0000-\u001f\u007f]/.test(display)) throw usageError('the name must be printable text');
  const slug = slugify(display);
  if (slug === '') throw usageError(`"${clean(display)}" has no letters or digits to make a file name from`);
  if (opts.lastContact !== undefined) {
    const d = parsePastDate(opts.lastContact, app.today);
    if (d === null) throw dateError('--last-contact', opts.lastContact, app.today, 'past');
    if (d > app.today) throw usageError(`--last-contact ${d} is in the future`);
    opts = { ...opts, lastContact: d };
  }
  if (opts.cadence && !parseCadence(opts.cadence)) throw usageError(`--cadence "${opts.cadence}" is not a duration (${CADENCE_HINT})`);
  const net = app.network();
  const clash = net.contacts.find((c) => fold(c.slug) === fold(slug) || fold(c.name) === fold(display)) ?? net.problems.map((p) => p.file).find((f) => fold(path.basename(f, '.md')) === slug);
  if (clash) {
    const who = typeof clash === 'string' ? clash : `${clash.name} (${clash.file})`;
    throw new PlnError('conflict', `"${clean(display)}" is already in the network: ${clean(who)}; nothing written (use pln set or pln edit)`);
  }
  const own = readOptional(path.join(net.dir, 'templates', 'contact.md'), templateRead(net.dir));
  const template = own ?? fs.readFileSync(path.join(packageTemplates(), 'contact.md'), 'utf8');
  const text = contactText(template, display, opts, app.today);
  const rel = `${net.config.contactsDir.replace(/\/+$/, '')}/${slug}.md`;
  const { contact, problems } = parseContact(text, { file: rel, slug });
  if (!contact) throw new PlnError('file', `${own ? 'templates/contact.md' : 'the built-in template'} does not make a valid contact: ${problems[0]?.message ?? ''}`);
  warnNearTags(app, opts.tag);
  await createInNetwork(app, rel, text, { dryRun: opts.dryRun, action: `add ${slug}` });
  if (!opts.dryRun) app.note(`Added ${clean(display)} (${rel}).`);
}

async function askForContact(app: App, opts: AddOptions): Promise<{ name: string; fields: AddOptions }> {
  const { input } = await import('@inquirer/prompts');
  const list = (s: string) => collectList(s);
  const name = await input({ message: 'Name:', validate: (v) => (slugify(v.trim()) !== '' ? true : 'A name needs letters or digits') });
  const tags = await input({ message: 'Tags (comma-separated):', default: opts.tag.join(', ') });
  const expertise = await input({ message: 'Expertise (comma-separated):', default: opts.expertise.join(', ') });
  const company = await input({ message: 'Company:', default: opts.company });
  const role = await input({ message: 'Role:', default: opts.role });
  const cadence = await input({
    message: 'Check in every (e.g. 30d, monthly; empty for the default):',
    default: opts.cadence,
    validate: (v) => (v.trim() === '' || parseCadence(v) ? true : `Not a duration: ${CADENCE_HINT}`),
  });
  return {
    name: name.trim(),
    fields: {
      ...opts,
      tag: list(tags),
      expertise: list(expertise),
      company: company.trim() || undefined,
      role: role.trim() || undefined,
      cadence: cadence.trim() || undefined,
    },
  };
}

/**
 * Creates a folder and its parents one level at a time (a recursive mkdir
 * can spin forever on special file systems like /proc), with clear errors.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!fs.statSync(at).isDirectory()) throw new PlnError('file', `cannot create ${dir}: ${at} is a file, not a folder`);
  for (const d of missing) {
    try {
      mkdir(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new PlnError('file', `cannot create ${d} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code})`);
    }
  }
}

/** WHO for `pln edit`: also a file that could not be read, so that it can be fixed. */
async function resolveForEdit(app: App, who: string): Promise<{ slug: string; file: string }> {
  try {
    return await app.resolve(who);
  } catch (err) {
    if (!(err instanceof PlnError) || err.kind !== 'not-found') throw err;
    const net = app.network();
    const wanted = fold(who.replace(/\.md$/, ''));
    const broken = [...new Set(net.problems.map((p) => p.file))].filter((f) => f.endsWith('.md') && (fold(path.basename(f, '.md')) === wanted || fold(f.replace(/\.md$/, '')) === wanted));
    if (broken.length === 1) return { slug: path.basename(broken[0]!, '.md'), file: broken[0]! };
    throw err;
  }
}

/** `pln edit` opens only a regular file: a link could point anywhere (/etc/passwd), a FIFO would hang the editor. */
function refuseUnlessRegular(abs: string, display: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (err) {
    throw new PlnError('file', `${display}: cannot open (${(err as NodeJS.ErrnoException).code})`);
  }
  if (st.isSymbolicLink()) throw new PlnError('file', `${display}: is a symbolic link; pln edit does not open links (it could point anywhere): replace it with the file itself`);
  if (!st.isFile()) throw new PlnError('file', `${display}: is ${kindOf(st)}, not a regular file; not opened`);
}

/**
 * The bytes of `file` with `line` (ASCII) added at the end with the file's
 * own line ends, or null when it has the line already. The rest stays as it
 * is, whatever its encoding.
 */
function withLine(file: string, line: string): Buffer | null {
  const bytes = readOptionalBytes(file, { display: path.basename(file), max: MAX_TEMPLATE_BYTES });
  // Latin-1 maps byte to character: an ASCII line is found in any ASCII-based encoding.
  const text = bytes === null ? '' : bytes.toString('latin1');
  if (text.split(/\r?\n/).some((l) => l.trim() === line)) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = text === '' || text.endsWith('\n') ? '' : eol;
  return Buffer.concat([bytes ?? Buffer.alloc(0), Buffer.from(`${before}${line}${eol}`, 'latin1')]);
}

function copyTree(from: string, to: string): number {
  let n = 0;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      mkdir(dst, { recursive: true });
      n += copyTree(src, dst);
    } else if (e.isFile() && !fs.existsSync(dst)) {
      copyNewFile(src, dst);
      n++;
    }
  }
  return n;
}
