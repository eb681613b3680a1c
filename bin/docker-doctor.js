#!/usr/bin/env node
import { main } from '../dist/src/cli.js';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
// exit once stdout has drained: a probe stuck in the kernel (a dead NFS mount) must not keep us alive
process.stdout.write('', () => process.exit(code));
