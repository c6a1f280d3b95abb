/** Process entry: fast path for --version, then the full CLI. */
import { App } from './app.js';
import { run, VERSION } from './main.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  // A closed pipe (`pln list | head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const app = new App(process.env, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  const code = await run(argv, app);
  process.exitCode = code;
}
