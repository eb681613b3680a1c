import { describe, expect, it } from 'vitest';
import { daemonKind, restartCommands, rootlessOwner, startCommands } from '../../src/lib/daemon-control.js';
import { fakeFacts } from '../helpers/fake-host.js';

describe('daemonKind', () => {
  it.each([
    ['/var/run/docker.sock', 'linux', 'system'],
    ['/run/user/1000/docker.sock', 'linux', 'rootless'],
    ['/home/mei/.docker/desktop/docker.sock', 'linux', 'desktop-linux'],
    ['/Users/mei/.docker/run/docker.sock', 'darwin', 'desktop'],
    ['/Users/mei/.colima/default/docker.sock', 'darwin', 'colima'],
    ['/Users/mei/.orbstack/run/docker.sock', 'darwin', 'orbstack'],
    ['/Users/mei/.rd/docker.sock', 'darwin', 'rancher'],
    ['\\\\.\\pipe\\docker_engine', 'win32', 'desktop'],
  ])('%s on %s', (p, platform, kind) => expect(daemonKind(p, platform)).toBe(kind));

  it('rootlessOwner', () => {
    expect(rootlessOwner('/run/user/1001/docker.sock')).toBe(1001);
    expect(rootlessOwner('/var/run/docker.sock')).toBeUndefined();
  });
});

describe('commands', () => {
  const linux = fakeFacts();
  it('colima profiles', () => {
    expect(startCommands('colima', linux, '/Users/mei/.colima/work/docker.sock')).toEqual(['colima start --profile work']);
    expect(restartCommands('colima', linux, '/Users/mei/.colima/default/docker.sock')).toEqual(['colima restart']);
  });

  it('system daemons follow the init system', () => {
    expect(restartCommands('system', linux)).toEqual(['sudo systemctl restart docker', 'sudo journalctl -u docker --no-pager -n 50']);
    expect(startCommands('system', fakeFacts({ systemd: false }))).toEqual(['sudo service docker start', 'sudo tail -n 50 /var/log/docker.log']);
  });
});
