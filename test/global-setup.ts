/**
 * One temporary folder for the whole run, removed at the end: every temp
 * folder a test makes (os.tmpdir(), also in spawned programs) is inside it,
 * so none is left behind when a worker ends without its exit handlers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-tests-'));
  // Tests that run pln as an ordinary user (permissions, ownership) must reach their folders in it.
  fs.chmodSync(root, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    fs.rmSync(root, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
