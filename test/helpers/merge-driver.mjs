// Stand-in for `pln merge-driver %O %A %B %P` while testing from source:
// loads the TypeScript through tsx and runs the driver on the files git passes.
import { register } from 'tsx/esm/api';

register();
const { runMergeDriver } = await import('../../src/sync/merge-driver.ts');
const [, , command, base, ours, theirs] = process.argv;
if (command !== 'merge-driver') {
  process.stderr.write(`unexpected command: ${command}\n`);
  process.exit(2);
}
process.exitCode = runMergeDriver(base, ours, theirs);
