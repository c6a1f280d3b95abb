/**
 * `pln mcp`: the network for AI assistants, over the Model Context Protocol
 * on stdio. Tools are the `pln` commands (tools.ts), run in-process
 * (session.ts); resources are the contact files; the prompt `brief`
 * gathers what to know before meeting someone.
 *
 * Nothing but protocol messages goes to stdout; warnings go to stderr. A
 * failing call is a tool result with `isError: true`, and the server keeps
 * serving. Calls are answered one at a time, in order: each one sees the
 * files as the one before left them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Contact } from '../domain/contact.js';
import { relativeDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { slugRef } from '../file/parse.js';
import { lastContact } from '../domain/contact.js';
import { readContactText } from '../store/folder.js';
import { VERSION } from '../cli/version.js';
import type { App } from '../cli/app.js';
import { Session } from './session.js';
import type { ToolSpec } from './tools.js';

export interface ServeOptions {
  /** Offer no tool that writes. */
  readOnly: boolean;
  /** The network folder, absolute. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs a command line in-process (the CLI's `run`). */
  run: (argv: string[], app: App) => Promise<number>;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const INSTRUCTIONS = `pln is the user's personal CRM: one Markdown file per person they learn from or help, in a folder they own.
Name people by slug (as the tools return it) once you know it; a name that matches several people is an error listing them.
Start with "today" or "due" for what needs attention, "who" for who knows a topic, "show" for one person.
Write tools (log, note, followup, done, snooze, tag, set, add) change the user's files: use them only for what the user said happened or asked for.`;

/** Serves until stdin ends (the client went away). */
export async function serve(opts: ServeOptions): Promise<void> {
  const { McpServer, ResourceTemplate, LineTransport, TOOLS, MAX_NAME, z } = await import('./sdk.js');
  const server = new McpServer({ name: 'pln', version: VERSION }, { instructions: INSTRUCTIONS });
  const session = () => new Session({ dir: opts.dir, env: opts.env, run: opts.run });
  const seen = new Set<string>();
  /** This call's warnings not reported before: each goes to stderr once. */
  const fresh = (warnings: string[]): string[] => {
    const out = warnings.filter((w) => !seen.has(w));
    for (const w of out) {
      seen.add(w);
      opts.stderr.write(`pln mcp: warning: ${w}\n`);
    }
    return out;
  };
  const one = serially();

  for (const spec of TOOLS) {
    if (opts.readOnly && spec.write) continue;
    const output = spec.output;
    server.registerTool(
      spec.name,
      {
        title: spec.title,
        description: spec.description,
        inputSchema: spec.input(z),
        outputSchema:
          output === undefined
            ? undefined
            : output.list
              ? { items: z.array(output.item(z)), total: z.number().int().describe('How many there are in all (items holds at most `limit`).') }
              : output.value(z),
        annotations: {
          title: spec.title,
          readOnlyHint: !spec.write,
          destructiveHint: spec.write ? spec.destructive === true : undefined,
          idempotentHint: spec.write ? spec.idempotent === true : true,
          openWorldHint: false,
        },
      },
      (args: Record<string, unknown>) => one(() => callTool(spec, args, session(), fresh)),
    );
  }

  server.registerResource(
    'contact',
    new ResourceTemplate('pln://contact/{slug}', {
      list: () =>
        one(async () => {
          const s = session();
          try {
            const net = s.app.network({ quiet: true });
            return { resources: net.contacts.map((c) => ({ uri: contactUri(c.slug), name: c.slug, title: c.name, mimeType: 'text/markdown' })) };
          } finally {
            s.close();
          }
        }),
    }),
    { title: 'Contact file', description: "A person's contact file, as Markdown (frontmatter, notes, ## Log, ## Follow-ups).", mimeType: 'text/markdown' },
    (uri, variables) => one(() => readContact(uri.href, String(variables.slug ?? ''), session())),
  );

  server.registerPrompt(
    'brief',
    {
      title: 'Brief me on someone',
      description: 'What to know before meeting someone: their card, open follow-ups, recent log, topics you share, and who introduced you.',
      argsSchema: { who: z.string().min(1).max(MAX_NAME).describe('The person: slug, name, alias or unique prefix.') },
    },
    ({ who }) => one(() => brief(who, session())),
  );

  server.server.onerror = (err) => opts.stderr.write(`pln mcp: ${err.message}\n`);
  const transport = new LineTransport(opts.stdin, opts.stdout);
  const closed = new Promise<void>((resolve) => {
    opts.stdin.once('end', resolve);
    opts.stdin.once('close', resolve);
    server.server.onclose = resolve;
  });
  await server.connect(transport);
  await closed;
  await one(async () => undefined);
  await server.close();
}

/** Runs one function at a time, in the order called. */
function serially(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
}

const failed = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** Runs a tool's command; a read tool's JSON becomes its structured result, its text rendering the text. */
async function callTool(spec: ToolSpec, args: Record<string, unknown>, s: Session, fresh: (w: string[]) => string[]): Promise<CallToolResult> {
  try {
    const argv = spec.argv(args);
    const output = spec.output;
    if (output === undefined) {
      const r = await s.run(argv);
      fresh(r.warnings);
      if (r.code !== 0) return failed(r.errors.join('\n') || `${spec.name} failed`);
      return { content: [{ type: 'text', text: withWarnings(r.stdout, r.warnings) }] };
    }
    const r = await s.run([argv[0]!, '--json', ...argv.slice(1)]);
    const warnings = fresh(r.warnings);
    if (r.code !== 0) return failed(r.errors.join('\n') || `${spec.name} failed`);
    const value = JSON.parse(r.stdout) as unknown;
    // The same command for people, on the network already read.
    const human = await s.run(argv);
    let text = human.code === 0 ? human.stdout : r.stdout;
    let structured: Record<string, unknown>;
    if (output.list) {
      const all = value as unknown[];
      const limit = typeof args.limit === 'number' ? args.limit : output.limit;
      const items = all.slice(0, limit);
      structured = { items, total: all.length };
      if (items.length < all.length) text = firstRows(text, items.length, all.length);
    } else {
      structured = value as Record<string, unknown>;
    }
    return { content: [{ type: 'text', text: withWarnings(text, warnings) }], structuredContent: structured };
  } catch (err) {
    return failed(`${spec.name}: internal error: ${(err as Error).message}`);
  } finally {
    s.close();
  }
}

/** A table's header and first `keep` rows, and how many more there are. */
function firstRows(table: string, keep: number, total: number): string {
  const lines = table.replace(/\n$/, '').split('\n');
  return `${lines.slice(0, keep + 1).join('\n')}\n… and ${total - keep} more (raise limit to see them)\n`;
}

function withWarnings(text: string, warnings: string[]): string {
  return warnings.length === 0 ? text : `${text.replace(/\n?$/, '\n')}${warnings.map((w) => `warning: ${w}`).join('\n')}\n`;
}

function contactUri(slug: string): string {
  return `pln://contact/${encodeURIComponent(slug)}`;
}

/** A contact's file, by exact slug, through the store's bounded reader. */
async function readContact(uri: string, rawSlug: string, s: Session): Promise<ReadResourceResult> {
  try {
    let slug: string;
    try {
      slug = decodeURIComponent(rawSlug);
    } catch {
      throw new Error(`${uri}: not a contact address`);
    }
    const net = s.app.network({ quiet: true });
    const c = net.bySlug.get(slug);
    if (!c) throw new Error(`${uri}: no contact with the slug "${slug}" (list the resources, or use the show tool)`);
    const abs = path.join(net.dir, c.file);
    // Listed as a regular file; still, never follow something else put there since.
    if (!fs.lstatSync(abs).isFile()) throw new Error(`${c.file}: not a regular file`);
    const entry = { abs, rel: c.file, slug: c.slug, size: -1, mtimeMs: 0, ino: 0 } as Parameters<typeof readContactText>[0];
    const text = readContactText(entry);
    if (text === null) throw new Error(`${c.file}: ${entry.skip ?? 'not valid UTF-8 text'}`);
    return { contents: [{ uri: contactUri(c.slug), mimeType: 'text/markdown', text }] };
  } finally {
    s.close();
  }
}

/** The `brief` prompt: the person's card and what connects you, with a request to summarise it. */
async function brief(who: string, s: Session): Promise<GetPromptResult> {
  try {
    let c: Contact;
    try {
      c = await s.app.resolve(who);
    } catch (err) {
      if (err instanceof PlnError) throw new Error([err.message, ...err.details].join('\n'));
      throw err;
    }
    const net = s.app.network();
    const today = s.app.today;
    const card = await s.run(['show', '--', c.slug]);
    const extra: string[] = [];
    const via = slugRef(c.introducedBy);
    if (via) {
      const v = net.bySlug.get(via);
      const last = v ? lastContact(v) : null;
      extra.push(`Introduced by: ${v ? `${v.name} (${v.slug}), last contact ${last ? `${last} (${relativeDate(last, today)})` : 'never'}` : via}`);
    }
    const goals = new Set(net.config.goals.map((g) => g.toLowerCase()));
    const theirGoals = c.expertise.filter((e) => goals.has(e.toLowerCase()));
    if (theirGoals.length > 0) extra.push(`Topics they know that you want to learn (your goals): ${theirGoals.join(', ')}`);
    const shared: string[] = [];
    for (const topic of c.expertise) {
      const others = net.contacts.filter((o) => o !== c && o.expertise.some((e) => e.toLowerCase() === topic.toLowerCase())).map((o) => o.name);
      if (others.length > 0) shared.push(`  ${topic}: ${others.slice(0, 5).join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}`);
    }
    if (shared.length > 0) extra.push(`Others in your network who know their topics:\n${shared.join('\n')}`);
    const known = c.knows.map((k) => net.bySlug.get(slugRef(k) ?? '')?.name ?? k);
    if (known.length > 0) extra.push(`They can introduce you to: ${known.join(', ')}`);
    const text = [
      `Brief me on ${c.name} before we meet: who they are, what we last talked about, what I owe them (open follow-ups), topics to bring up, and how we are connected. Use only what my notes below say, and keep it short.`,
      '',
      `My notes on ${c.name} (today is ${today}):`,
      '',
      card.stdout.trimEnd(),
      ...(extra.length > 0 ? ['', ...extra] : []),
    ].join('\n');
    return { description: `Before meeting ${c.name}`, messages: [{ role: 'user', content: { type: 'text', text } }] };
  } finally {
    s.close();
  }
}
