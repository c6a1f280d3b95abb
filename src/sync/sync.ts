/** Placeholder until git sync lands: autocommit and init are wired through here. */
import { execFileSync } from 'node:child_process';

export function autocommit(dir: string, paths: string[], message: string): string | null {
  try {
    execFileSync('git', ['-C', dir, 'rev-parse', '--git-dir'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  try {
    execFileSync('git', ['-C', dir, 'add', '--', ...paths], { stdio: 'ignore' });
    execFileSync('git', ['-C', dir, 'commit', '-q', '-m', message, '--', ...paths], { stdio: 'ignore' });
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0]!;
  }
}

export function initRepository(dir: string, _contactsDir: string): void {
  execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
}
