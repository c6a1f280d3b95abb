/**
 * What every command needs: the environment, output streams with the colour
 * and width rules, today's date, the network (loaded once, lazily), and
 * resolving WHO (asking on a terminal when ambiguous).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Contact } from '../domain/contact.js';
import { today as todayFromEnv, type IsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { resolveWho, type Network } from '../index/network.js';
import { locateNetwork, requireNetwork, type NetworkLocation } from '../store/folder.js';
import { loadConfig, loadNetwork } from '../store/load.js';
import { clean, colorEnabled, displayWidth, json, makeStyles, type OutputOptions, type Styles } from './render.js';

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
  private loaded: Network | null = null;
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
    return locateNetwork({ dirOption: this.globals.dir, env: this.env, cwd: this.cwd });
  }

  /** The network, read once; warns on stderr once per bad file (unless `quiet`). */
  network(opts: { quiet?: boolean } = {}): Network {
    if (this.loaded) return this.loaded;
    const loc = this.location();
    const cache = this.env.PLN_NO_CACHE === undefined;
    const { config } = loadConfig(loc.dir, { cache });
    requireNetwork(loc, config.contactsDir);
    const net = loadNetwork({ dir: loc.dir, cache });
    if (!opts.quiet) this.reportProblems(net);
    this.loaded = net;
    return net;
  }

  /** Forgets the loaded network (after a write, before reading again). */
  invalidate(): void {
    this.loaded = null;
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
      this.warn(`${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${clean(p.message)}${what}${more}`);
    }
  }

  print(text: string): void {
    this.streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /**
   * Long output for people: through the pager when stdout is a terminal and
   * the text is taller than it, else printed. Never for JSON (use printJson).
   */
  page(text: string): void {
    const out = text.endsWith('\n') ? text : `${text}\n`;
    const pager = this.pagerFor(out);
    if (pager === null) return this.print(out);
    // The pager owns Ctrl-C while it runs (less uses it to stop a search); pln just waits.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    try {
      const r = spawnSync('/bin/sh', ['-c', pager], { input: out, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', LV: '-c', ...this.env } });
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
    this.streams.stderr.write(`${this.styles.warn('warning:')} ${message}\n`);
  }

  /** Status lines for humans ("Logged ..."): stderr keeps stdout clean for pipes. */
  note(message: string): void {
    this.streams.stdout.write(`${message}\n`);
  }

  /** Resolves WHO to one contact; asks on a terminal when several match. */
  async resolve(who: string): Promise<Contact> {
    const net = this.network();
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
        choices: candidates.map((c) => ({ name: `${clean(c.name)} (${c.slug})`, value: c.slug })),
      });
      return net.bySlug.get(slug)!;
    }
    throw new PlnError(
      'ambiguous',
      `"${clean(who)}" matches ${r.candidates.length} people; name one of them by slug`,
      candidates.map((c) => `  ${c.slug.padEnd(Math.max(...candidates.map((x) => x.slug.length)))}  ${clean(c.name)}`),
    );
  }
}
