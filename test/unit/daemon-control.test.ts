import { describe, expect, it } from 'vitest';
import { daemonKind, isDesktopWslLink, otherDaemon, restartCommands, rootlessOwner, startCommands } from '../../src/lib/daemon-control.js';
import { parseHost } from '../../src/docker/endpoint.js';
import { restartDaemonCommands } from '../../src/lib/init-system.js';
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

describe('otherDaemon', () => {
  it.each([
    ['unix:///var/run/docker.sock', undefined],
    ['unix:///run/user/1000/docker.sock', 'rootless'],
    ['unix:///home/mei/.docker/desktop/docker.sock', 'desktop-linux'],
    ['tcp://127.0.0.1:2375', undefined],
    ['tcp://localhost:2375', undefined],
    ['tcp://[::1]:2375', undefined],
    ['tcp://192.168.1.20:2375', 'remote'],
    ['ssh://me@build', 'remote'],
  ])('%s', (url, kind) => expect(otherDaemon(parseHost(url)!, 'linux')).toBe(kind));

  it('Desktop WSL links', () => {
    expect(isDesktopWslLink('/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker')).toBe(true);
    expect(isDesktopWslLink('/usr/libexec/docker/cli')).toBe(false);
    expect(isDesktopWslLink(undefined)).toBe(false);
  });
});

describe('commands', () => {
  const linux = fakeFacts();
  it('colima profiles', () => {
    expect(startCommands('colima', linux, '/Users/mei/.colima/work/docker.sock')).toEqual(['colima start --profile work']);
    expect(restartCommands('colima', linux, '/Users/mei/.colima/default/docker.sock')).toEqual(['colima restart']);
  });

  it('a restart that makes systemd create the socket again', () => {
    expect(restartDaemonCommands(linux, { socket: true })).toEqual(['sudo systemctl restart docker.socket docker.service']);
    expect(restartDaemonCommands(fakeFacts({ systemd: false }), { socket: true })).toEqual(['sudo service docker restart']);
  });

  it('system daemons follow the init system', () => {
    expect(restartCommands('system', linux)).toEqual(['sudo systemctl restart docker', 'sudo journalctl -u docker --no-pager -n 50']);
    expect(startCommands('system', fakeFacts({ systemd: false }))).toEqual(['sudo service docker start', 'sudo tail -n 50 /var/log/docker.log']);
  });
});
