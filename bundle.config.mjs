// Start-up speed: Node 20's ESM loader pays per module, and a run loads ~45 of ours. After
// tsc, the run path (run.ts, every check, their helpers) is bundled into one file;
// cli.ts loads it when present. The terminal UI (listr2) and the npm dependencies stay
// separate files, loaded only when needed. Tests run the unbundled sources.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const checks = readdirSync('dist/checks').filter((f) => f.endsWith('.js')).sort();
const contents = [
  "import { useBundledChecks } from './dist/src/registry.js';",
  ...checks.map((f, i) => `import c${i} from './dist/checks/${f}';`),
  `useBundledChecks([${checks.map((_, i) => `c${i}`).join(', ')}]);`,
  "export { doctor } from './dist/src/run.js';",
  "export { listChecks } from './dist/src/list.js';",
  "export { readReplay } from './dist/src/replay.js';",
].join('\n');

await build({
  stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  external: ['./ui/progress.js'],
  outfile: 'dist/src/run.bundle.js',
  logLevel: 'warning',
});
