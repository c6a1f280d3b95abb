/**
 * What every command needs: the environment, output streams with the colour
 * and width rules, today's date, the network (loaded once, lazily), and
 * resolving WHO (asking on a terminal when ambiguous).
 */
import * as path from 'node:path';
import type { Contact } from '../domain/contact.js';
import { today as todayFromEnv, type IsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { resolveWho, type Network } from '../index/network.js';
import { locateNetwork, requireNetwork, type NetworkLocation } from '../store/folder.js';
import { ALL_TIERS, Store, type Tier } from '../store/store.js';
import { ensureLocalState } from '../store/local-state.js';
import { terminalSafe } from './terminal-safe.js';
import { clean, colorEnabled, displayWidth, json, makeStyles, type OutputOptions, type Styles } from './render.js';
import { childProcess } from '../store/builtins.js';

export interface GlobalOptions {
  dir?: string;
  color?: boolean;
  debug?: boolean;
  /** False with `--no-pager`. */
  pager?: boolean;
}

export interface Streams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export class App {
  readonly env: NodeJS.ProcessEnv;
  readonly streams: Streams;
  /** The working folder relative paths on the command line are taken from. */
  readonly cwd: string;
  globals: GlobalOptions = {};
  /** Set by a command that finished but must report failure (doctor finding problems). */
  exitCode = 0;
  /** The CLI's `run`, set by it: how a command runs other commands in-process (`pln mcp`). */
  runner: ((argv: string[], app: App) => Promise<number>) | null = null;
  private opened: Store | null = null;
  private reported = false;
  private located: NetworkLocation | null = null;
  private cachedStyles: Styles | null = null;

  constructor(env: NodeJS.ProcessEnv, streams: Streams, cwd: string = process.cwd()) {
    this.env = env;
    this.streams = streams;
    this.cwd = cwd;
  }

  /** A path given on the command line, made absolute from the working folder. */
  resolvePath(p: string): string {
    return path.resolve(this.cwd, p);
  }

  get today(): IsoDate {
    return todayFromEnv(this.env);
  }

  /** Both stdin and stdout are terminals: we may ask questions. */
  get interactive(): boolean {
    return Boolean(this.streams.stdin.isTTY && this.streams.stdout.isTTY);
  }

  get output(): OutputOptions {
    const tty = Boolean(this.streams.stdout.isTTY);
    const columns = Number(this.env.COLUMNS);
    const width = tty ? this.streams.stdout.columns || 80 : Number.isFinite(columns) && columns > 0 ? columns : Infinity;
    return { color: colorEnabled(this.globals.color, this.env, tty), width };
  }

  get styles(): Styles {
    this.cachedStyles ??= makeStyles(this.output.color);
    return this.cachedStyles;
  }

  location(): NetworkLocation {
    if (this.located) return this.located;
    const loc = locateNetwork({ dirOption: this.globals.dir, env: this.env, cwd: this.cwd });
    for (const w of loc.warnings ?? []) this.warn(w);
    this.located = loc;
    return loc;
  }

  /** The store of the network this run works on, opened once (it must exist). */
  store(): Store {
    if (this.opened) return this.opened;
    const loc = this.location();
    // A `.pln` someone committed as a link or a file is refused before anything is read or written.
    ensureLocalState(loc.dir);
    const store = new Store(loc.dir, { cache: this.env.PLN_NO_CACHE === undefined });
    const { config, problems } = store.config();
    // A setting that would take pln outside the network (contacts_dir) stops every command.
    const fatal = problems.find((p) => p.severity === 'error');
    if (fatal) throw new PlnError('invalid', `${fatal.file}:${fatal.line}: ${clean(fatal.message)}`);
    requireNetwork(loc, config.contactsDir);
    this.opened = store;
    return store;
  }

  /**
   * The network, read once; warns on stderr once per bad file (unless
   * `quiet`). `tiers` says which fields beyond the core ones the command
   * reads of every contact (default: all; see src/store/cache.ts).
   */
  network(opts: { quiet?: boolean; tiers?: readonly Tier[] } = {}): Network {
    const net = this.store().network(opts.tiers ?? ALL_TIERS);
    if (!opts.quiet && !this.reported) this.reportProblems(net);
    this.reported = true;
    return net;
  }

  /** Fills in every field of these contacts (a command that reads all of a few people). */
  complete(...contacts: Contact[]): void {
    this.store().fill(contacts, ALL_TIERS);
  }

  /** Forgets the loaded network (after a write, before reading again). */
  invalidate(): void {
    this.flush();
    this.reported = false;
  }

  /** Writes what the store keeps for later runs (its caches); at the end of every run. */
  flush(): void {
    this.opened?.flush();
    this.opened = null;
  }

  private reportProblems(net: Network): void {
    const byFile = new Map<string, number>();
    for (const p of net.problems) byFile.set(p.file, (byFile.get(p.file) ?? 0) + 1);
    const shown = new Set<string>();
    for (const p of net.problems) {
      if (shown.has(p.file)) continue;
      shown.add(p.file);
      const more = byFile.get(p.file)! > 1 ? ` (and ${byFile.get(p.file)! - 1} more; run pln doctor)` : '';
      const what = p.severity === 'error' ? ' (skipped)' : '';
      this.warn(`${clean(p.file)}${p.line > 0 ? `:${p.line}` : ''}: ${clean(p.message)}${what}${more}`);
    }
  }

  print(text: string): void {
    text = terminalSafe(text);
    this.streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /**
   * Long output for people: through the pager when stdout is a terminal and
   * the text is taller than it, else printed. Never for JSON (use printJson).
   */
  page(text: string): void {
    const out = terminalSafe(text.endsWith('\n') ? text : `${text}\n`);
    const pager = this.pagerFor(out);
    if (pager === null) return this.print(out);
    // The pager owns Ctrl-C while it runs (less uses it to stop a search); pln just waits.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    try {
      const r = childProcess().spawnSync('/bin/sh', ['-c', pager], { input: out, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', LV: '-c', ...this.env } });
      // 127: the shell found no such pager; a pager quit early (EPIPE) is fine.
      if (r.status === 127 || (r.error && (r.error as NodeJS.ErrnoException).code !== 'EPIPE')) this.print(out);
    } finally {
      process.off('SIGINT', ignore);
    }
  }

  /** The pager command to use for `text`, or null to print it directly. */
  private pagerFor(text: string): string | null {
    const stdout = this.streams.stdout;
    if (this.globals.pager === false || !stdout.isTTY) return null;
    const columns = stdout.columns || 80;
    let height = 0;
    for (const line of text.slice(0, -1).split('\n')) height += Math.max(1, Math.ceil(displayWidth(line) / columns));
    // Fits with a row left for the prompt: no pager.
    if (height < (stdout.rows || 24)) return null;
    const command = (this.env.PLN_PAGER ?? this.env.PAGER ?? 'less -FRX').trim();
    return command === '' || command === 'cat' ? null : command;
  }

  /** One JSON value: indented on a terminal, compact (one line) into a pipe or file, as `gh` does. */
  printJson(value: unknown): void {
    this.streams.stdout.write(json(value, Boolean(this.streams.stdout.isTTY)));
  }

  warn(message: string): void {
    this.streams.stderr.write(`${this.styles.warn('warning:')} ${terminalSafe(message)}\n`);
  }

  /** Status lines for humans ("Logged ..."): on stdout, as the output of the command that wrote (warnings go to stderr). */
  note(message: string): void {
    this.streams.stdout.write(`${terminalSafe(message)}\n`);
  }

  /** Resolves WHO to one contact, with every field; asks on a terminal when several match. */
  async resolve(who: string): Promise<Contact> {
    const c = await this.resolveOne(who);
    this.complete(c);
    return c;
  }

  private async resolveOne(who: string): Promise<Contact> {
    const net = this.network({ tiers: ['profile'] });
    const r = resolveWho(net.contacts, who);
    if (r.kind === 'one') return r.contact;
    if (r.kind === 'none') {
      const bad = net.problems.find((p) => p.file.replace(/^.*\//, '').replace(/\.md$/, '') === who);
      const hint = bad ? ` (${bad.file} exists but could not be read: run pln doctor)` : ' (see pln list)';
      throw new PlnError('not-found', `no one called "${clean(who)}" in the network${hint}`);
    }
    const candidates = r.candidates.slice(0, 20);
    if (this.interactive) {
      const { select } = await import('@inquirer/prompts');
      const slug = await select({
        message: `"${clean(who)}" matches several people; which one?`,
        choices: candidates.map((c) => ({ name: `${clean(c.name)} (${clean(c.slug)})`, value: c.slug })),
      });
      return net.bySlug.get(slug)!;
    }
    throw new PlnError(
      'ambiguous',
      `"${clean(who)}" matches ${r.candidates.length} people; name one of them by slug`,
      candidates.map((c) => `  ${clean(c.slug).padEnd(Math.max(...candidates.map((x) => clean(x.slug).length)))}  ${clean(c.name)}`),
    );
  }
}
