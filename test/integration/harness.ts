// vitest globalSetup of the integration project: one private dockerd (see dockerd.js) for all
// integration files, with a home-made hello-world image. Without dockerd or root the files
// skip with a notice; under CI they must run, so there it fails loudly instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { importHelloWorld, startDockerd, unavailableReason, type PrivateDockerd } from './dockerd.js';

export interface DaemonInfo {
  host: string;
  socket: string;
  dir: string;
  pid: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared private daemon, or null when the integration tests skip. */
    dockerd: DaemonInfo | null;
    /** Why they skip ('' when they run). */
    dockerdSkip: string;
  }
}

const BIN = fileURLToPath(new URL('../../bin/docker-doctor.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

export function inCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(BIN) || !existsSync(DIST)) {
    throw new Error('integration tests run the built CLI: run `npm run build` first (npm test does)');
  }
  const why = unavailableReason();
  if (why) {
    if (inCI()) throw new Error(`integration tests cannot run under CI: ${why}`);
    process.stdout.write(`\n  NOTICE: integration tests against a real dockerd are skipped: ${why}.\n  Run them as root with docker.io and busybox-static installed (or see .ci/run).\n\n`);
    project.provide('dockerd', null);
    project.provide('dockerdSkip', why);
    return undefined;
  }
  let daemon: PrivateDockerd | undefined;
  try {
    daemon = await startDockerd();
    importHelloWorld(daemon);
  } catch (err) {
    await daemon?.stop();
    throw err;
  }
  project.provide('dockerd', { host: daemon.host, socket: daemon.socket, dir: daemon.dir, pid: daemon.pid });
  project.provide('dockerdSkip', '');
  const d = daemon;
  return async () => {
    await d.stop();
  };
}
