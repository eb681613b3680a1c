import { describe, expect, it } from 'vitest';
import { restartDaemonCommands } from '../../src/lib/init-system.js';
import { fakeFacts } from '../helpers/fake-host.js';

describe('restartDaemonCommands with resetFailed', () => {
  // after repeated failed starts systemd refuses "start request repeated too quickly" until reset
  it.each([
    [fakeFacts(), {}, ['sudo systemctl restart docker']],
    [fakeFacts(), { resetFailed: true }, ['sudo systemctl reset-failed docker && sudo systemctl restart docker']],
    [fakeFacts(), { resetFailed: true, socket: true }, ['sudo systemctl reset-failed docker.socket docker.service && sudo systemctl restart docker.socket docker.service']],
    [fakeFacts({ systemd: false }), { resetFailed: true }, ['sudo service docker restart']],
    [fakeFacts({ platform: 'darwin' }), { resetFailed: true }, ['docker desktop restart']],
  ])('%#', (f, opts, want) => {
    expect(restartDaemonCommands(f, opts)).toEqual(want);
  });
});
