import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMAND_MODULES } from '../../src/cli/commands/index.js';
import { TOOLS } from '../../src/mcp/tools.js';

/** Sample arguments: each string argument set to a value that looks like an option. */
function hostileArgs(shape: z.ZodRawShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(shape)) {
    const probe = ['--dir=/etc', ['--dir=/etc'], 3, true].find((v) => z.safeParse(schema, v).success);
    if (probe !== undefined) out[k] = probe;
  }
  return out;
}

describe('the MCP tool table', () => {
  it('names each tool after a command, reads with an output schema, writes without', () => {
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of TOOLS) {
      expect(Object.hasOwn(COMMAND_MODULES, t.name), t.name).toBe(true);
      if (t.write) expect(t.output, t.name).toBeUndefined();
      else expect(t.output, t.name).toBeDefined();
      if (!t.write) expect(t.destructive ?? false, t.name).toBe(false);
    }
  });

  it('builds command lines whose values after the first word never read as options', () => {
    for (const t of TOOLS) {
      const shape = t.input(z);
      const args = hostileArgs(shape);
      const parsed = z.object(shape).safeParse(args);
      if (!parsed.success) continue;
      const argv = t.argv(parsed.data);
      expect(argv[0], t.name).toBe(t.name);
      const dash = argv.indexOf('--');
      // Before `--`: only our own options, each with its value after `=`.
      for (const a of argv.slice(1, dash < 0 ? argv.length : dash)) expect(a, `${t.name}: ${argv.join(' ')}`).toMatch(/^--[a-z-]+(=|$)/);
      // A value that looks like an option is joined to an option, or after `--`.
      for (const [i, a] of argv.entries()) {
        if (a === '--dir=/etc') expect(dash >= 0 && i > dash, `${t.name}: ${argv.join(' ')}`).toBe(true);
      }
      expect(
        argv.some((a) => a.includes('--dir=/etc')),
        t.name,
      ).toBe(Object.keys(args).some((k) => typeof args[k] !== 'number' && typeof args[k] !== 'boolean'));
    }
  });

  it('bounds text: one line, at most 4096 characters', () => {
    const log = z.object(TOOLS.find((t) => t.name === 'log')!.input(z));
    expect(log.safeParse({ who: 'ada', text: 'x'.repeat(4096) }).success).toBe(true);
    expect(log.safeParse({ who: 'ada', text: 'x'.repeat(4097) }).success).toBe(false);
    expect(log.safeParse({ who: 'ada', text: 'a\nb' }).success).toBe(false);
    expect(log.safeParse({ who: 'ada', text: '\u001b]0;x\u0007' }).success).toBe(false);
    expect(log.safeParse({ who: 'ada', text: 'ok', kind: 'two words' }).success).toBe(false);
    expect(log.safeParse({ who: 'ada' }).success).toBe(false);
  });
});
