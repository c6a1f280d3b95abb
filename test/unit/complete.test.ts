/**
 * The completion engine (src/cli/complete.ts): what the word under the
 * cursor can be, read from a commander program, and the candidates for it.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/cli/app.js';
import { candidates, decide, describeProgram, wordsOf, type CompletionData } from '../../src/cli/complete.js';
import { buildProgram } from '../../src/cli/main.js';

/** A small program with the shapes pln's commands have. */
function program(): Command {
  const p = new Command('pln').version('1.0.0', '-V, --version').option('-d, --dir <dir>', 'network').option('--no-color', 'plain');
  p.command('show').argument('<who>').option('--json');
  p.command('list')
    .alias('ls')
    .option('-t, --tag <tag>', 'tags', (v: string, a: string[]) => [...a, v], [])
    .option('--sort <by>', 'order')
    .option('--json');
  p.command('who').argument('<topic...>').option('--cold');
  p.command('import').argument('<file>').option('--format <f>');
  p.command('hidden', { hidden: true });
  return p;
}

const spec = describeProgram(program(), { values: { '--sort': wordsOf(['name', 'last']), 'import --format': wordsOf(['csv', 'json']) }, topics: [] });
const DATA: CompletionData = {
  contacts: [
    { slug: 'ada-lovelace', name: 'Ada Lovelace', aliases: ['Countess'], tags: ['mentor', 'Mentor'], expertise: ['rust', 'distributed systems'] },
    { slug: 'grace-hopper', name: 'Grace Hopper', aliases: [], tags: ['navy', ':odd'], expertise: ['cobol'] },
  ],
};
const complete = (...words: string[]) => candidates(decide(spec, words), () => DATA);

describe('decide and candidates', () => {
  it('completes commands and aliases, sorted, never hidden ones', () => {
    // `help` is commander's own help command.
    expect(complete('')).toEqual(['help', 'import', 'list', 'ls', 'show', 'who']);
    expect(complete('l')).toEqual(['list', 'ls']);
  });

  it('completes an argument from its name: people by slug or name word, topics, files', () => {
    expect(complete('show', 'gr')).toEqual(['grace-hopper']);
    expect(complete('show', 'lovel')).toEqual(['ada-lovelace']);
    expect(complete('show', 'countess')).toEqual(['ada-lovelace']);
    expect(complete('show', 'ada', '')).toEqual([]);
    expect(complete('who', 'rust', 'dis')).toEqual(['distributed systems']);
    expect(complete('import', '')).toEqual([':files']);
  });

  it('completes options of the command and the global ones, a flag given once not again unless repeatable', () => {
    expect(complete('list', '--')).toEqual(['--tag', '--sort', '--json', '--dir', '--no-color', '--help']);
    expect(complete('list', '--json', '--tag', 'x', '--')).toEqual(['--tag', '--sort', '--dir', '--no-color', '--help']);
    expect(complete('--v')).toEqual(['--version']);
    expect(complete('show', 'ada', '-')).toEqual(['--json', '-d', '--dir', '--no-color', '-h', '--help']);
  });

  it("completes option values, after the option, after --opt= and after bash's --opt = value", () => {
    expect(complete('ls', '-t', 'm')).toEqual(['mentor']);
    expect(complete('list', '--tag', '#n')).toEqual(['navy']);
    expect(complete('list', '--sort', '')).toEqual(['name', 'last']);
    expect(complete('list', '--sort=l')).toEqual(['--sort=last']);
    expect(complete('list', '--sort', '=', 'l')).toEqual(['last']);
    expect(complete('import', 'x.csv', '--format', 'j')).toEqual(['json']);
    expect(complete('--dir', '')).toEqual([':dirs']);
  });

  it('reads --dir on the line, in each form', () => {
    expect(decide(spec, ['--dir', '/n', 'show', '']).dir).toBe('/n');
    expect(decide(spec, ['show', '-d', '/n', '']).dir).toBe('/n');
    expect(decide(spec, ['show', '--dir=/n', '']).dir).toBe('/n');
    expect(decide(spec, ['show', '--dir', '=', '/n', '']).dir).toBe('/n');
  });

  it('takes the shell quoting off the word, and offers nothing after an unknown command or --', () => {
    expect(complete('who', '"dist')).toEqual(['distributed systems']);
    expect(complete('who', 'distributed\\ s')).toEqual(['distributed systems']);
    expect(complete('nope', '')).toEqual([]);
    // After `--` a word starting with - is an argument, not an option.
    expect(complete('show', '--', '--')).toEqual([]);
    expect(complete('show', '--', 'gr')).toEqual(['grace-hopper']);
  });

  it('offers each value once, case-insensitively, never one that would read as a directive, and nothing without a network', () => {
    expect(complete('list', '--tag', '')).toEqual(['mentor', 'navy']);
    expect(candidates(decide(spec, ['show', '']), () => null)).toEqual([]);
  });

  it('completes a command added to the program without a change to completion', () => {
    const p = program();
    p.command('meet').argument('<who>').argument('[topic]').option('--tag <tag>');
    const s = describeProgram(p);
    expect(candidates(decide(s, ['me']), () => DATA)).toEqual(['meet']);
    expect(candidates(decide(s, ['meet', 'a']), () => DATA)).toEqual(['ada-lovelace']);
    expect(candidates(decide(s, ['meet', 'ada', 'c']), () => DATA)).toEqual(['cobol']);
    expect(candidates(decide(s, ['meet', '--tag', 'n']), () => DATA)).toEqual(['navy']);
  });
});

describe("pln's own program", () => {
  it('gives every visible command, and none starting with _', () => {
    const app = new App({}, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin } as never);
    const p = buildProgram(app);
    const names = candidates(decide(describeProgram(p), ['']), () => null);
    expect(names).toEqual(expect.arrayContaining(['due', 'who', 'show', 'log', 'ls', 'sync', 'completion', 'help']));
    expect(names.some((n) => n.startsWith('_') || n === 'merge-driver')).toBe(false);
  });
});
