// A daemon frozen with SIGSTOP accepts connections (the kernel queues them) and never answers:
// the doctor must say so, name the process, and still finish in bounded time. It gets a daemon
// of its own so that freezing it cannot stall the other integration files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerd, type PrivateDockerd } from './dockerd.js';
import { checkOf, expectCheck, runJson, sharedDaemon, tempDir } from '../helpers/doctor.js';

const TIMEOUT_MS = 2000;

describe.skipIf(!sharedDaemon())('a frozen dockerd (SIGSTOP)', () => {
  let d: PrivateDockerd;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    tmp = tempDir();
    d = await startDockerd({ label: 'frozen' });
  });
  afterAll(async () => {
    tmp?.cleanup();
    await d?.stop();
  });

  it('daemon-not-responding with the stopped pid and kill -CONT, within the timeout plus a margin', async () => {
    d.freeze();
    try {
      const { run, report } = await runJson(['--host', d.host, '--timeout', String(TIMEOUT_MS)], { env: { DOCKER_CONFIG: tmp.dir }, killAfterMs: 30_000 });
      const c = expectCheck(report, 'daemon-reachable', 'fail', 'daemon-not-responding');
      expect(c.data).toMatchObject({ stopped: true, pid: d.pid });
      expect(c.fix?.commands.join('\n')).toContain(`kill -CONT ${d.pid}`);
      expect(checkOf(report, 'api-version').status).toBe('skip');
      expect(checkOf(report, 'container-run').status).toBe('skip');
      expect(report.summary.error).toBe(0);
      expect(run.code).toBe(1);
      // the brief promises about timeout + 1 s; the margin here is for a loaded CI machine
      expect(run.ms).toBeLessThan(TIMEOUT_MS + 5000);
    } finally {
      d.thaw();
    }
  });

  it('answers again once thawed', async () => {
    expect(await d.ping(5000)).toBe(true);
    const { report } = await runJson(['--host', d.host, '--only', 'docker-context,daemon-reachable'], { env: { DOCKER_CONFIG: tmp.dir } });
    expectCheck(report, 'daemon-reachable', 'pass', 'reachable');
  });
});
