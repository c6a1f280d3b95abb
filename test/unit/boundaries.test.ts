/**
 * The house rules that keep the layers apart, checked on the sources: only
 * src/store writes files, and nothing is left for the process's exit (each
 * run ends by flushing its store).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    return e.isDirectory() ? sources(abs) : e.name.endsWith('.ts') ? [abs] : [];
  });
}

/** `file:line: text` for each line of the sources outside `except` matching `re`. */
function uses(re: RegExp, except: (rel: string) => boolean): string[] {
  const out: string[] = [];
  for (const abs of sources(SRC)) {
    const rel = path.relative(SRC, abs).split(path.sep).join('/');
    if (except(rel)) continue;
    fs.readFileSync(abs, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (re.test(line)) out.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return out;
}

describe('layers', () => {
  it('finds the sources', () => {
    expect(sources(SRC).length).toBeGreaterThan(50);
  });

  it('no file is written, renamed or removed outside src/store', () => {
    expect(uses(/\b(writeFileSync|renameSync|unlinkSync|rmSync|appendFileSync|copyFileSync|mkdirSync)\b/, (rel) => rel.startsWith('store/'))).toEqual([]);
  });

  it('nothing waits for the process to exit', () => {
    expect(uses(/process\.(on|once)\(\s*'(exit|beforeExit)'/, () => false)).toEqual([]);
  });
});
