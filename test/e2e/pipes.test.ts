/**
 * Output into pipes and files is written straight to the descriptor: every
 * byte arrives, also through a full non-blocking pipe with a slow reader,
 * and a reader that stops early (`| head`) is no error.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, BIN, contact, network, pln, ROOT } from '../helpers/pln.js';

function bigNetwork(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 1500; i++) files[`contacts/person-${i}.md`] = contact(`name: Person ${i}\ntags: [t${i % 7}]\nexpertise: [topic ${i % 13}, rust]\ncompany: Company ${i}`);
  return network(files);
}

describe('output into pipes', () => {
  it('a full non-blocking pipe with a slow reader gets every byte', () => {
    const dir = bigNetwork();
    const expected = pln(['list', '--json'], { dir }).stdout;
    expect(expected.length).toBeGreaterThan(128 * 1024);
    const r = spawnSync('python3', [path.join(ROOT, 'test/helpers/slow_reader.py'), process.execPath, BIN, 'list', '--json', '--dir', dir], {
      encoding: 'utf8',
      env: baseEnv(),
      timeout: 30_000,
    });
    expect(r.stdout.trim()).toBe(`0 ${Buffer.byteLength(expected)} ${createHash('md5').update(expected).digest('hex')}`);
  });

  it('a reader that stops early is no error', () => {
    const dir = bigNetwork();
    const r = spawnSync('bash', ['-c', '"$0" "$1" list --json --dir "$2" | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"', process.execPath, BIN, dir], {
      encoding: 'utf8',
      env: baseEnv(),
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0\n');
  });
});
