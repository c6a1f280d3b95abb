#!/usr/bin/env node
// Tiny launcher: the CLI itself is the bundled, minified file in dist/.
require('../dist/pln.cjs');
