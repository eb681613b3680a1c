import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherFacts } from '../../src/host/live/facts.js';
import { LiveFiles } from '../../src/host/live/files.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe.runIf(process.platform === 'linux')('gatherFacts', () => {
  // `docker run -u 1234`, OpenShift, CI runners: a uid with no /etc/passwd entry, where
  // os.userInfo() throws ENOENT; the doctor must still run and report
  it('a uid without a passwd entry: facts from the process and the environment', async () => {
    vi.spyOn(os, 'userInfo').mockImplementation(() => {
      throw Object.assign(new Error('A system error occurred: uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
    });
    vi.stubEnv('HOME', '/tmp/nobody-home');
    vi.stubEnv('USER', '');
    const f = await gatherFacts(new LiveFiles(undefined, 3000), { rooted: false, timeoutMs: 3000 });
    expect(f.user.uid).toBe(process.getuid!());
    expect(f.user.gid).toBe(process.getgid!());
    expect(f.user.home).toBe('/tmp/nobody-home');
    // no name to go by: the uid stands in for it
    expect(f.user.name).toBe(String(process.getuid!()));
  });

  it('an empty HOME is no home: the passwd entry decides, as for the docker CLI', async () => {
    vi.stubEnv('HOME', '');
    const f = await gatherFacts(new LiveFiles(undefined, 3000), { rooted: false, timeoutMs: 3000 });
    expect(f.user.home).toBe(os.userInfo().homedir);
  });
});
