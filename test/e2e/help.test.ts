import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';

/** Command names in the Commands section of `pln --help`, whatever commands exist today. */
async function listedCommands(): Promise<string[]> {
  const help = (await plnIn(['--help'])).stdout;
  const section = help.split(/^Commands:$/m)[1]!.split(/^\S/m)[0]!;
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!.split('|')[0]!);
}

/** Entries of a help section ("Options:", "Arguments:"), continuation lines joined. */
function sectionEntries(help: string, title: string): string[] {
  const parts = help.split(new RegExp(`^${title}:$`, 'm'));
  if (parts.length < 2) return [];
  const entries: string[] = [];
  for (const line of parts[1]!.split('\n').slice(1)) {
    if (line.trim() === '' || /^\S/.test(line)) break;
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
    else entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

/** A help entry is explained when text follows its flags after a gap of two spaces or more. */
const explained = (entry: string) => /^\S.*?\s{2,}\S/.test(entry);

const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (/\p{Extended_Pictographic}/u.test(ch) ? 2 : 1), 0);

const TOPICS = ['format', 'dates', 'config', 'sync'];

const commands = await listedCommands();

describe('every command in pln --help', () => {
  it('lists the commands of the contract', async () => {
    expect(commands).toEqual(expect.arrayContaining(['due', 'who', 'show', 'list', 'log', 'followup', 'config', 'completion', 'help']));
  });

  it.each(commands)('%s --help: a one-line description, every option and argument explained, examples', async (name) => {
    const r = await plnIn([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Usage: pln ${name}\\b`));
    // Commander prints the description on the third line, alone.
    expect(lines[1]).toBe('');
    expect(lines[2]!.trim().length).toBeGreaterThan(4);
    expect(lines[3]).toBe('');

    const options = [...sectionEntries(r.stdout, 'Options'), ...sectionEntries(r.stdout, 'Global Options')];
    expect(options.length).toBeGreaterThan(0);
    for (const entry of options) expect(entry, `option without an explanation in pln ${name} --help`).toSatisfy(explained);
    for (const entry of sectionEntries(r.stdout, 'Arguments')) expect(entry, `argument without an explanation in pln ${name} --help`).toSatisfy(explained);

    const examples = r.stdout.split(/^Examples:$/m)[1];
    expect(examples, `pln ${name} --help has no Examples: section`).toBeDefined();
    const lines2 = examples!.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(lines2.some((l) => l.trim().startsWith(`pln ${name}`) || l.includes(`pln ${name} `))).toBe(true);
  });

  it.each(commands)('pln help %s prints the same help as --help (or the topic of that name, which points to it)', async (name) => {
    const viaHelp = await plnIn(['help', name]);
    expect(viaHelp.code).toBe(0);
    if (TOPICS.includes(name)) {
      expect(viaHelp.stdout).toMatch(new RegExp(`^pln help ${name}: `));
      expect(viaHelp.stdout).toContain(`pln ${name} --help`);
    } else {
      expect(viaHelp.stdout).toBe((await plnIn([name, '--help'])).stdout);
    }
  });
});

describe('pln help TOPIC', () => {
  const expectations: Record<string, RegExp[]> = {
    format: [/## Log/, /## Follow-ups/, /- \[ \] .*📅/, /aliases/, /cadence/],
    dates: [/yesterday/, /3d ago/, /in 2w/, /quarterly/, /PLN_TODAY/, /Jan 31 \+ 1m = Feb 28/],
    config: [/--dir DIR/, /\$PLN_DIR/, /default_cadence .* 90d/, /cadence_by_tag/, /pln config set/, /PAGER/],
    sync: [/pln sync/, /autocommit/, /\.gitignore/],
  };

  it.each(TOPICS)('pln help %s explains its topic in lines that fit 80 columns', async (topic) => {
    const r = await plnIn(['help', topic]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^pln help ${topic}: `));
    for (const re of expectations[topic]!) expect(r.stdout).toMatch(re);
    for (const line of r.stdout.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });

  it('pln --help and pln help list the topics', async () => {
    for (const out of [(await plnIn(['--help'])).stdout, (await plnIn(['help'])).stdout]) {
      expect(out).toMatch(/^Help topics/m);
      for (const t of TOPICS) expect(out).toMatch(new RegExp(`^ {2}${t} `, 'm'));
    }
  });

  it('an unknown topic is a usage error that suggests the closest', async () => {
    const r = await plnIn(['help', 'formt']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no command or help topic "formt" \(did you mean format\?\)/);
  });
});

describe('a mistyped command', () => {
  it.each([
    ['whoo', 'who'],
    ['hepl', 'help'],
    ['shwo', 'show'],
    ['folowups', 'followups'],
  ])('pln %s suggests %s and exits 2', async (typo, meant) => {
    const r = await plnIn([typo]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`unknown command '${typo}'`));
    expect(r.stderr).toMatch(new RegExp(`did you mean ${meant}\\?`, 'i'));
  });

  it('a mistyped option suggests the closest too', async () => {
    const r = await plnIn(['due', '--jsn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean --json\?/i);
  });
});
