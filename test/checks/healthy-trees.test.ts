// No false alarms: correctly installed systems give no warn, fail or error from the
// install-state checks, read through --root exactly as a support engineer would.
import { describe, expect, it } from 'vitest';
import { loadChecks } from '../../src/registry.js';
import { runCheck } from '../helpers/check-tester.js';

const INSTALL_STATE = ['libltdl7', 'package-state', 'package-conflicts', 'apt-prerequisites', 'apt-repository', 'daemon-config', 'docker-service', 'docker-group', 'kernel', 'disk-space'];
const TREES = ['ubuntu-22.04', 'ubuntu-24.04', 'debian-12'];
const checks = await loadChecks();

describe.each(TREES)('healthy %s', (tree) => {
  const root = new URL(`../fixtures/trees/${tree}/`, import.meta.url).pathname;
  it.each(INSTALL_STATE)('%s raises no alarm', async (id) => {
    const check = checks.find((c) => c.id === id);
    expect(check, `checks/${id}.ts`).toBeDefined();
    const r = await runCheck(check!, { root });
    expect(['pass', 'skip'], `${id}: ${r.status} ${r.code} ${r.text.en}`).toContain(r.status);
  });

  it('the file-based checks really look (they pass, not skip)', async () => {
    for (const id of ['libltdl7', 'package-state', 'package-conflicts', 'apt-prerequisites', 'apt-repository', 'daemon-config']) {
      const r = await runCheck(checks.find((c) => c.id === id)!, { root });
      expect(r.status, `${id}: ${r.code} ${r.text.en}`).toBe('pass');
    }
  });
});
