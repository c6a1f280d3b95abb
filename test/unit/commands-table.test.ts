import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/cli/app.js';
import { COMMAND_MODULES, COMMANDS } from '../../src/cli/commands/index.js';
import { register as registerCompletion } from '../../src/cli/commands/completion.js';
import { moduleOf } from '../../src/cli/main.js';

const app = new App({}, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin } as never);

describe('the command table', () => {
  it('names each command and alias with the module that registers it (completion aside)', () => {
    const expected: Record<string, string> = {};
    COMMANDS.forEach((register, i) => {
      if (register === registerCompletion) return;
      const program = new Command('pln');
      register(program, app);
      for (const c of program.commands) for (const n of [c.name(), ...c.aliases()]) expected[n] = String(i);
    });
    const table = Object.fromEntries(Object.entries(COMMAND_MODULES).map(([n, r]) => [n, String(COMMANDS.indexOf(r))]));
    expect(table).toEqual(expected);
  });

  it('finds the command after global options; help, completion and unknown words get every command', () => {
    expect(moduleOf(['due', '--json'])).toBe(COMMAND_MODULES.due);
    expect(moduleOf(['--dir', 'due', 'who', 'rust'])).toBe(COMMAND_MODULES.who);
    expect(moduleOf(['-d', 'x', '--no-color', 'ls'])).toBe(COMMAND_MODULES.ls);
    expect(moduleOf(['--dir=x', 'log', 'ada', 'hi'])).toBe(COMMAND_MODULES.log);
    expect(moduleOf(['due', '--help'])).toBe(COMMAND_MODULES.due);
    for (const args of [['--help'], ['help', 'due'], ['completion', 'bash'], ['__complete', 'd'], ['dew'], ['--version'], ['constructor'], []]) {
      expect(moduleOf(args), args.join(' ')).toBeUndefined();
    }
  });
});
