import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, adaWith, BROKEN } from '../helpers/fixtures.js';
import { contact, hashTree, jsonOf, network, oneLineAdded, pln, read, ROOT, tempDir, TODAY } from '../helpers/pln.js';
import { mcp, sampleNetwork, textOf, type McpSession } from '../helpers/mcp.js';

const READ_TOOLS = ['due', 'who', 'show', 'search', 'followups', 'today', 'suggest', 'intro', 'topics', 'list'];
const WRITE_TOOLS = ['log', 'note', 'followup', 'done', 'snooze', 'tag', 'set', 'add'];

describe('pln mcp, driven by the SDK client over stdio', () => {
  let dir: string;
  let s: McpSession;
  beforeAll(async () => {
    dir = sampleNetwork();
    s = await mcp(dir);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists every tool with input and output schemas and annotations', async () => {
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const t of tools) {
      expect(t.description!.length, t.name).toBeGreaterThan(40);
      expect(t.inputSchema.type, t.name).toBe('object');
      const write = WRITE_TOOLS.includes(t.name);
      expect(t.annotations?.readOnlyHint, t.name).toBe(!write);
      if (write) {
        expect(t.annotations?.destructiveHint, t.name).toBe(t.name === 'set' || t.name === 'done');
        expect(t.outputSchema, t.name).toBeUndefined();
      } else {
        expect(t.outputSchema?.type, t.name).toBe('object');
      }
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.show!.inputSchema.required).toEqual(['who']);
    expect(Object.keys(byName.log!.inputSchema.properties!)).toEqual(['who', 'text', 'kind', 'date', 'dry_run']);
    expect(byName.log!.inputSchema.required).toEqual(['who', 'text']);
    expect(Object.keys(byName.due!.outputSchema!.properties!)).toEqual(['items', 'total']);
    expect(byName.set!.annotations?.idempotentHint).toBe(true);
    expect(byName.log!.annotations?.idempotentHint).toBe(false);
  });

  it('due, who and show give the data of `pln ... --json`', async () => {
    const due = await s.call('due');
    expect(due.isError).toBeFalsy();
    const dueJson = jsonOf<unknown[]>(pln(['due', '--json'], { dir }));
    expect(dueJson.length).toBeGreaterThan(3);
    expect(due.structuredContent).toEqual({ items: dueJson, total: dueJson.length });
    expect(textOf(due)).toBe(pln(['due'], { dir }).stdout);

    const within = await s.call('due', { within: '2w', tag: ['mentor'] });
    expect(within.structuredContent!.items).toEqual(jsonOf(pln(['due', '--within', '2w', '--tag', 'mentor', '--json'], { dir })));

    const who = await s.call('who', { topic: 'rust', limit: 2 });
    const whoJson = jsonOf<unknown[]>(pln(['who', 'rust', '--json'], { dir }));
    expect(whoJson.length).toBeGreaterThan(2);
    expect(who.structuredContent).toEqual({ items: whoJson.slice(0, 2), total: whoJson.length });
    expect(textOf(who)).toContain(`… and ${whoJson.length - 2} more`);

    const show = await s.call('show', { who: 'amara' });
    expect(show.structuredContent).toEqual(jsonOf(pln(['show', 'amara', '--json'], { dir })));
    expect(textOf(show)).toBe(pln(['show', 'amara'], { dir }).stdout);

    for (const [tool, args, argv] of [
      ['followups', { all: true }, ['followups', '--all']],
      ['today', {}, ['today']],
      ['topics', { gaps: true }, ['topics', '--gaps']],
      ['list', { sort: 'last', tag: ['mentor'] }, ['list', '--sort', 'last', '--tag', 'mentor']],
      ['search', { query: 'benchmark paper' }, ['search', 'benchmark paper']],
      ['suggest', { n: 3 }, ['suggest', '3']],
      ['intro', { target: 'mei' }, ['intro', 'mei']],
    ] as const) {
      const r = await s.call(tool, args);
      expect(r.isError, tool).toBeFalsy();
      const json = jsonOf(pln([...argv, '--json'], { dir }));
      const value = Array.isArray(json) ? { items: json, total: json.length } : json;
      expect(r.structuredContent, tool).toEqual(value);
    }
  });

  it('refuses a path, an unknown name, a number and no argument as WHO, and keeps serving', async () => {
    const before = hashTree(dir);
    for (const args of [
      { who: '../../etc/passwd' },
      { who: '/etc/passwd' },
      { who: 'nobody-at-all' },
      { who: 42 },
      {},
      { who: '' },
      { who: '--help' },
      { who: '--dir=/etc' },
      { who: 'a'.repeat(201) },
    ]) {
      const r = await s.call('show', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(r)).not.toContain('root:');
      const ok = await s.call('show', { who: 'amara-okafor' });
      expect(ok.isError).toBeFalsy();
      expect((ok.structuredContent as { slug: string }).slug).toBe('amara-okafor');
    }
    expect(textOf(await s.call('show', { who: '../../etc/passwd' }))).toBe('no one called "../../etc/passwd" in the network (see pln list)');
    expect(textOf(await s.call('show', { who: 42 }))).toMatch(/Input validation error/);
    expect(textOf(await s.call('show', { who: '--dir=/etc' }))).toBe('no one called "--dir=/etc" in the network (see pln list)');
    expect(hashTree(dir)).toEqual(before);
    expect(s.errors).toEqual([]);
  });

  it('refuses an oversized or multi-line log text and writes nothing', async () => {
    const before = hashTree(dir);
    for (const text of ['x'.repeat(5000), 'first line\nsecond line', 'bell \u0007 here']) {
      const r = await s.call('log', { who: 'amara', text });
      expect(r.isError, text.slice(0, 20)).toBe(true);
    }
    const r = await s.call('log', { who: 'amara', text: 'x'.repeat(5000) });
    expect(textOf(r)).toMatch(/longer than 4096 characters/);
    expect(hashTree(dir)).toEqual(before);
    expect((await s.call('due')).isError).toBeFalsy();
  });

  it('lists and reads each contact as a resource', async () => {
    const { resources } = await s.client.listResources();
    const files = fs.readdirSync(path.join(dir, 'contacts'), { recursive: true }).filter((f) => String(f).endsWith('.md'));
    expect(resources.length).toBe(files.length);
    const amara = resources.find((r) => r.uri === 'pln://contact/amara-okafor');
    expect(amara).toMatchObject({ name: 'amara-okafor', title: 'Amara Okafor', mimeType: 'text/markdown' });
    const { contents } = await s.client.readResource({ uri: 'pln://contact/amara-okafor' });
    expect(contents).toEqual([{ uri: 'pln://contact/amara-okafor', mimeType: 'text/markdown', text: read(dir, 'contacts/amara-okafor.md') }]);
    await expect(s.client.readResource({ uri: 'pln://contact/..%2F..%2Fpln.yml' })).rejects.toThrow(/no contact/);
    await expect(s.client.readResource({ uri: 'pln://contact/nobody' })).rejects.toThrow(/no contact/);
  });

  it('offers a prompt `brief` that gathers what to know before meeting someone', async () => {
    const { prompts } = await s.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['brief']);
    expect(prompts[0]!.arguments).toEqual([expect.objectContaining({ name: 'who', required: true })]);
    const r = await s.client.getPrompt({ name: 'brief', arguments: { who: 'amara' } });
    expect(r.messages).toHaveLength(1);
    const text = (r.messages[0]!.content as { text: string }).text;
    expect(text).toContain('Brief me on Amara Okafor');
    expect(text).toContain(pln(['show', 'amara'], { dir }).stdout.trimEnd());
    expect(text).toContain('send the benchmark paper');
    expect(text).toContain('Introduced by: Ingrid Lindqvist (ingrid-lindqvist)');
    expect(text).toMatch(/Topics they know that you want to learn \(your goals\): .*rust/);
    expect(text).toMatch(/ {2}rust: .*Mei Tanaka/);
    await expect(s.client.getPrompt({ name: 'brief', arguments: { who: 'nobody-at-all' } })).rejects.toThrow(/no one called/);
  });
});

describe('pln mcp writes', () => {
  it('writes exactly what the same pln commands write, byte for byte', async () => {
    const viaMcp = sampleNetwork();
    const viaCli = sampleNetwork();
    const before = read(viaMcp, 'contacts/amara-okafor.md');
    const steps: [string, Record<string, unknown>, string[]][] = [
      ['log', { who: 'amara', text: 'talked about the keynote #talks', kind: 'call', date: 'yesterday' }, ['log', 'amara', '--kind', 'call', '--date', 'yesterday', 'talked about the keynote #talks']],
      ['log', { who: 'Mei Tanaka', text: '--dir /etc sent "notes" ; rm -rf ~' }, ['log', 'Mei Tanaka', '--', '--dir /etc sent "notes" ; rm -rf ~']],
      ['followup', { who: 'jose', text: 'send the slides', due: 'in 2w' }, ['followup', 'jose', 'send the slides', '--due', 'in 2w']],
      ['done', { who: 'amara', item: 'benchmark' }, ['done', 'amara', 'benchmark']],
      ['tag', { who: 'priya', tags: ['speaker', 'leadership'] }, ['tag', 'priya', 'speaker', 'leadership']],
      ['note', { who: 'priya', text: 'Runs the platform guild; wants speakers for the spring meetup.' }, ['note', 'priya', 'Runs the platform guild; wants speakers for the spring meetup.']],
      ['snooze', { who: 'jose', until: '2w' }, ['snooze', 'jose', '2w']],
      ['set', { who: 'sofia', key: 'role', value: 'Principal Engineer' }, ['set', 'sofia', 'role', 'Principal Engineer']],
      ['set', { who: 'sofia', key: 'links.blog', value: 'https://sofia.example.com' }, ['set', 'sofia', 'links.blog', 'https://sofia.example.com']],
      [
        'add',
        { name: 'Grace Hopper', tags: ['mentor'], expertise: ['compilers', 'cobol'], company: 'US Navy', met: 'RustConf 2024' },
        ['add', 'Grace Hopper', '--tag', 'mentor', '--expertise', 'compilers,cobol', '--company', 'US Navy', '--met', 'RustConf 2024'],
      ],
    ];
    const s = await mcp(viaMcp);
    try {
      for (const [tool, args, argv] of steps) {
        const r = await s.call(tool, args);
        expect(r.isError, `${tool}: ${textOf(r)}`).toBeFalsy();
        const cli = pln(argv, { dir: viaCli });
        expect(cli.code, cli.stderr).toBe(0);
        expect(textOf(r), tool).toBe(cli.stdout);
        expect(hashTree(viaMcp), tool).toEqual(hashTree(viaCli));
      }
      expect(oneLineAdded(before, read(viaCli, 'contacts/amara-okafor.md').replace(/- \[x\] send the benchmark paper.*\n/, '- [ ] send the benchmark paper 📅 2026-11-24\n'))).toBe(
        '- 2026-11-28 call: talked about the keynote #talks',
      );
      // A dry run shows the change and writes nothing.
      const dry = await s.call('log', { who: 'amara', text: 'maybe', dry_run: true });
      expect(textOf(dry)).toContain('+- 2026-11-29: maybe');
      expect(hashTree(viaMcp)).toEqual(hashTree(viaCli));
      // What the command refuses is a tool error, and the next call works.
      const future = await s.call('log', { who: 'amara', text: 'later', date: '2099-01-01' });
      expect(future.isError).toBe(true);
      expect(textOf(future)).toMatch(/is in the future/);
      expect(textOf(await s.call('log', { who: 'amara', text: 'x', kind: 'two words' }))).toMatch(/one word/);
      const show = await s.call('show', { who: 'grace' });
      expect((show.structuredContent as { company: string }).company).toBe('US Navy');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('an ambiguous WHO is a tool error listing the candidates; nothing is written', async () => {
    const dir = network({
      'contacts/ada-lovelace.md': ADA,
      'contacts/ada-byron.md': contact('name: Ada Byron'),
    });
    const before = hashTree(dir);
    const s = await mcp(dir);
    try {
      const r = await s.call('log', { who: 'ada', text: 'hello' });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toContain('"ada" matches 2 people; name one of them by slug');
      expect(textOf(r)).toContain('ada-byron');
      expect(textOf(r)).toContain('ada-lovelace');
      expect(hashTree(dir)).toEqual(before);
      expect((await s.call('log', { who: 'ada-byron', text: 'hello' })).isError).toBeFalsy();
      expect(read(dir, 'contacts/ada-byron.md')).toBe(`---\nname: Ada Byron\n---\n\n## Log\n- ${TODAY}: hello\n`);
    } finally {
      await s.close();
    }
  });

  it('each call sees the files as they are then, edits made in between included', async () => {
    const dir = network({ 'contacts/ada.md': adaWith({ expertise: ['rust'] }, '\n## Log\n- 2026-11-01: first\n') });
    const s = await mcp(dir);
    try {
      expect(((await s.call('show', { who: 'ada' })).structuredContent as { log: unknown[] }).log).toHaveLength(1);
      expect(((await s.call('who', { topic: 'cobol' })).structuredContent as { total: number }).total).toBe(0);
      // Edited in an editor while the server runs.
      fs.writeFileSync(path.join(dir, 'contacts/ada.md'), adaWith({ expertise: ['rust', 'cobol'] }, '\n## Log\n- 2026-11-20: second\n- 2026-11-01: first\n'));
      const show = (await s.call('show', { who: 'ada' })).structuredContent as { log: { text: string }[]; expertise: string[] };
      expect(show.log.map((e) => e.text)).toEqual(['second', 'first']);
      expect(((await s.call('who', { topic: 'cobol' })).structuredContent as { total: number }).total).toBe(1);
      expect((await s.call('show', { who: 'ada' })).structuredContent).toEqual(jsonOf(pln(['show', 'ada', '--json'], { dir })));
    } finally {
      await s.close();
    }
  });

  it('--read-only offers no write tool and accepts none', async () => {
    const dir = sampleNetwork();
    const before = hashTree(dir);
    const s = await mcp(dir, ['--read-only']);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS].sort());
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      for (const tool of WRITE_TOOLS) {
        const r = await s.call(tool, { who: 'amara', text: 'hello', tags: ['x'], key: 'role', value: 'x', name: 'New Person' });
        expect(r.isError, tool).toBe(true);
        expect(textOf(r)).toMatch(new RegExp(`Tool ${tool} not found`));
      }
      expect(hashTree(dir)).toEqual(before);
      expect((await s.call('show', { who: 'amara' })).isError).toBeFalsy();
    } finally {
      await s.close();
    }
  });

  it('warns about a bad file on stderr, once, and keeps stdout to the protocol', async () => {
    const dir = network({
      'contacts/ada.md': adaWith({ cadence: '30d' }),
      'contacts/broken.md': BROKEN,
    });
    const s = await mcp(dir);
    try {
      const first = await s.call('list');
      expect(first.isError).toBeFalsy();
      expect((first.structuredContent as { items: { slug: string }[] }).items.map((i) => i.slug)).toEqual(['ada']);
      expect(textOf(first)).toMatch(/warning: contacts\/broken\.md/);
      const second = await s.call('list');
      expect(textOf(second)).not.toMatch(/warning/);
      expect(s.stderr().match(/contacts\/broken\.md/g)).toHaveLength(1);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('other commands do not load the SDK', () => {
  it('with no network, pln mcp says so on stderr and exits 1 before serving', () => {
    const r = pln(['mcp', '--dir', path.join(tempDir(), 'none')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pln: no network at .*none: create one with "pln init/);
  });

  it('pln --version and pln due never read the SDK chunk; pln mcp does', async () => {
    // A copy of the built program whose SDK chunk leaves a mark when it is loaded.
    const copy = tempDir('pln-nosdk-');
    for (const d of ['bin', 'dist']) fs.cpSync(path.join(ROOT, d), path.join(copy, d), { recursive: true });
    fs.cpSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    const mark = path.join(copy, 'sdk-loaded');
    const chunk = path.join(copy, 'dist', 'chunks', 'mcp-sdk.js');
    const real = fs.readFileSync(chunk, 'utf8');
    fs.writeFileSync(chunk, `import { writeFileSync as __mark } from 'node:fs'; __mark(${JSON.stringify(mark)}, 'x');\n${real}`);
    // The bundle of every other command holds none of it.
    const cli = fs.readFileSync(path.join(copy, 'dist', 'chunks', 'cli.cjs'), 'latin1');
    expect(cli).not.toContain('notifications/initialized');
    expect(cli).toContain('mcp-sdk.js');
    const dir = sampleNetwork();
    const bin = path.join(copy, 'bin', 'pln.cjs');
    const { spawnSync } = await import('node:child_process');
    const { baseEnv } = await import('../helpers/pln.js');
    const runCopy = (args: string[], input = '') => spawnSync(process.execPath, [bin, ...args], { env: baseEnv(), input, encoding: 'utf8', timeout: 20_000 });
    for (const args of [['--version'], ['due', '--dir', dir], ['due', '--json', '--dir', dir], ['who', 'rust', '--dir', dir], ['log', 'amara', 'hi', '--dir', dir]]) {
      const r = runCopy(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(fs.existsSync(mark), args.join(' ')).toBe(false);
    }
    // The check is live: the server does load it (and answers on stdin's end).
    const r = runCopy(['mcp', '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(mark)).toBe(true);
  });
});
