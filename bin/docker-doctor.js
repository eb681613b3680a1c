#!/usr/bin/env node
import { main } from '../dist/src/cli.js';

// the reader went away (`docker-doctor | head`, a pager quit early): nobody is left to tell,
// so stop quietly instead of dying of an unhandled EPIPE with a stack trace
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(1);
  throw err;
});

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
// exit once stdout has drained: a probe stuck in the kernel (a dead NFS mount) must not keep us alive
process.stdout.write('', () => process.exit(code));
