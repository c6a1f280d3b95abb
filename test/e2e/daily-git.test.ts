import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitIn, isolateGit, tempDir } from '../helpers/git.js';
import { pln } from '../helpers/pln.js';

beforeAll(() => isolateGit());

const WHO = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };

describe('pln init --git', () => {
  it('makes a first commit holding the new network', () => {
    const dir = path.join(tempDir(), 'net');
    const r = pln(['init', dir, '--git', '--sample'], { env: WHO });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(gitIn(dir, 'log', '--format=%s')).toBe('pln: new network');
    const files = gitIn(dir, 'ls-files').split('\n');
    expect(files).toContain('pln.yml');
    expect(files).toContain('.gitignore');
    expect(files.filter((f) => f.startsWith('contacts/')).length).toBe(16);
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
    // Again on the same folder: no second commit.
    expect(pln(['init', dir, '--git'], { env: WHO }).code).toBe(0);
    expect(gitIn(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
  });
});
