import { describe, expect, it } from 'vitest';
import { createShared } from '../../src/context.js';
import { effectiveValues, loadUnit, parseEnvFile, parseUnit, resolveExecStart, splitCommand, wslSystemdOn } from '../../src/lib/systemd-unit.js';
import { fakeProbes, type HostSpec } from '../helpers/fake-host.js';

const files = (spec: HostSpec) => createShared(fakeProbes(spec), { timeoutMs: 1000, image: 'x', pull: false }).files;

describe('parseUnit', () => {
  it('reads sections, skips comments, joins continuation lines', () => {
    const lines = parseUnit({ path: '/u', text: '[Unit]\n# c\nDescription=x\n[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n  # inline comment line\n  --debug\n; other\nType=notify\r\n' });
    expect(lines.map((l) => [l.section, l.key, l.value.split(/\s+/).join(' '), l.line])).toEqual([
      ['Unit', 'Description', 'x', 3],
      ['Service', 'ExecStart', '/usr/bin/dockerd -H fd:// --debug', 5],
      ['Service', 'Type', 'notify', 10],
    ]);
  });

  it('an empty assignment resets a list', () => {
    const a = { path: '/lib/a', text: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n' };
    const b = { path: '/etc/a.d/o.conf', text: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n' };
    expect(effectiveValues([a, b], 'Service', 'ExecStart').map((l) => [l.value, l.path, l.line])).toEqual([['/usr/bin/dockerd', '/etc/a.d/o.conf', 3]]);
    expect(effectiveValues([a], 'Service', 'ExecStart')).toHaveLength(1);
  });
});

describe('splitCommand', () => {
  it.each([
    ['/usr/bin/dockerd -H fd:// --containerd=/run/c.sock', {}, ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/c.sock']],
    ['dockerd "--label=a b" \'--dns\' 1.1.1.1', {}, ['dockerd', '--label=a b', '--dns', '1.1.1.1']],
    ['dockerd $DOCKER_OPTS', { DOCKER_OPTS: '--dns 8.8.8.8 -D' }, ['dockerd', '--dns', '8.8.8.8', '-D']],
    ['dockerd $UNSET', {}, ['dockerd']],
    ['dockerd --data-root=${ROOT}/docker', { ROOT: '/srv' }, ['dockerd', '--data-root=/srv/docker']],
  ])('%s', (line, env, words) => expect(splitCommand(line, env)).toEqual(words));
});

it('parseEnvFile reads KEY=value lines', () => {
  expect(parseEnvFile('# c\nDOCKER_OPTS="--dns 8.8.8.8"\nexport A=b\n#B=c\nbad line\n')).toEqual({ DOCKER_OPTS: '--dns 8.8.8.8', A: 'b' });
});

describe('loadUnit and resolveExecStart', () => {
  const pkg = '[Service]\nExecStart=-/usr/bin/dockerd -H fd:// $OPTS\nEnvironment=OPTS=--debug\nEnvironmentFile=-/etc/default/docker\n[Install]\nWantedBy=multi-user.target\n';

  it('/etc wins over /lib, drop-ins sorted by name, /etc winning a name clash', async () => {
    const f = files({
      files: {
        '/lib/systemd/system/docker.service': pkg,
        '/lib/systemd/system/docker.service.d/10-a.conf': '[Service]\nExecStart=\nExecStart=/lib-a\n',
        '/etc/systemd/system/docker.service.d/10-a.conf': '[Service]\nExecStart=\nExecStart=/etc-a\n',
        '/etc/systemd/system/docker.service.d/20-b.conf': '[Service]\nLimitNOFILE=1\n',
        '/etc/systemd/system/docker.service.d/notes.txt': '[Service]\nExecStart=\n',
      },
    });
    const u = await loadUnit(f, 'docker.service');
    expect(u.main?.path).toBe('/lib/systemd/system/docker.service');
    expect(u.dropIns.map((d) => d.path)).toEqual(['/etc/systemd/system/docker.service.d/10-a.conf', '/etc/systemd/system/docker.service.d/20-b.conf']);
    expect((await resolveExecStart(f, u))?.argv).toEqual(['/etc-a']);
  });

  it('expands variables, EnvironmentFile over Environment, and drops the - prefix', async () => {
    const f = files({ files: { '/lib/systemd/system/docker.service': pkg, '/etc/default/docker': 'OPTS="--dns 1.1.1.1"\n' } });
    const x = await resolveExecStart(f, await loadUnit(f, 'docker.service'));
    expect(x).toMatchObject({ argv: ['/usr/bin/dockerd', '-H', 'fd://', '--dns', '1.1.1.1'], line: 2 });
  });

  it('sees a masked unit', async () => {
    const f = files({ files: { '/etc/systemd/system/docker.service': { type: 'symlink', linkTarget: '/dev/null' }, '/lib/systemd/system/docker.service': pkg } });
    const u = await loadUnit(f, 'docker.service');
    expect([u.masked, u.main]).toEqual(['/etc/systemd/system/docker.service', undefined]);
  });

  it('no unit, no ExecStart', async () => {
    const f = files({});
    const u = await loadUnit(f, 'docker.service');
    expect(u.main).toBeUndefined();
    expect(await resolveExecStart(f, u)).toBeUndefined();
  });
});

it('wslSystemdOn', () => {
  expect(wslSystemdOn('[boot]\nsystemd=true')).toBe(true);
  expect(wslSystemdOn('[network]\nsystemd=true')).toBe(false);
});
