import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import check from '../../checks/docker-context.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const meta = (name: string, host: string) => ({
  [`/home/mei/.docker/contexts/meta/${createHash('sha256').update(name).digest('hex')}/meta.json`]: JSON.stringify({
    Name: name,
    Metadata: {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
  }),
});

const cases: { name: string; host: HostSpec; options?: { host?: string; context?: string }; status: string; code: string; endpoint?: string; source?: string; commands?: string[] }[] = [
  { name: 'platform default', host: {}, status: 'pass', code: 'resolved', endpoint: 'unix:///var/run/docker.sock', source: 'default' },
  { name: 'windows default is the named pipe', host: { facts: { platform: 'win32' } }, status: 'pass', code: 'resolved', endpoint: 'npipe:////./pipe/docker_engine', source: 'default' },
  { name: '--host wins over DOCKER_HOST', host: { env: { DOCKER_HOST: 'unix:///x.sock' } }, options: { host: 'tcp://127.0.0.1:2375' }, status: 'pass', code: 'resolved', endpoint: 'tcp://127.0.0.1:2375', source: 'flag' },
  { name: 'DOCKER_HOST', host: { env: { DOCKER_HOST: 'unix:///home/mei/.colima/default/docker.sock' } }, status: 'pass', code: 'resolved', endpoint: 'unix:///home/mei/.colima/default/docker.sock', source: 'DOCKER_HOST' },
  {
    name: 'DOCKER_CONTEXT selects a context',
    host: { env: { DOCKER_CONTEXT: 'colima' }, files: meta('colima', 'unix:///home/mei/.colima/default/docker.sock') },
    status: 'pass', code: 'resolved', endpoint: 'unix:///home/mei/.colima/default/docker.sock', source: 'DOCKER_CONTEXT',
  },
  {
    name: 'currentContext in config.json',
    host: { files: { '/home/mei/.docker/config.json': '{"currentContext":"desktop-linux"}', ...meta('desktop-linux', 'unix:///home/mei/.docker/run/docker.sock') } },
    status: 'pass', code: 'resolved', endpoint: 'unix:///home/mei/.docker/run/docker.sock', source: 'config',
  },
  {
    name: 'DOCKER_CONFIG moves the config directory',
    host: { env: { DOCKER_CONFIG: '/etc/dockercfg' }, files: { '/etc/dockercfg/config.json': '{"currentContext":"default"}' } },
    status: 'pass', code: 'resolved', endpoint: 'unix:///var/run/docker.sock', source: 'config',
  },
  {
    name: 'a context that does not exist',
    host: { env: { DOCKER_CONTEXT: 'nosuch' } },
    status: 'fail', code: 'context-not-found', commands: ['unset DOCKER_CONTEXT', 'docker context ls'],
  },
  {
    name: 'config.json names a missing context',
    host: { files: { '/home/mei/.docker/config.json': '{"currentContext":"gone"}' } },
    status: 'fail', code: 'context-not-found', commands: ['docker context use default', 'docker context ls'],
  },
  {
    // the docker CLI falls back to the user database when HOME is empty, and so must we
    name: 'an empty HOME counts as unset: config.json under the user’s home',
    host: { env: { HOME: '' }, files: { '/home/mei/.docker/config.json': '{"currentContext":"gone"}' } },
    status: 'fail', code: 'context-not-found',
  },
  { name: 'malformed DOCKER_HOST', host: { env: { DOCKER_HOST: 'bogus://localhost:2375' } }, status: 'fail', code: 'malformed-host', commands: ['unset DOCKER_HOST'] },
  // the docker CLI takes an address without a scheme as tcp; telling people to unset it would break them
  { name: 'DOCKER_HOST without a scheme is tcp', host: { env: { DOCKER_HOST: 'localhost:2375' } }, status: 'pass', code: 'resolved', endpoint: 'tcp://localhost:2375', source: 'DOCKER_HOST' },
  { name: 'DOCKER_HOST with a bad port', host: { env: { DOCKER_HOST: 'tcp://1.2.3.4:99999' } }, status: 'fail', code: 'malformed-host' },
  // the docker CLI prints "WARNING: Error parsing config file" and goes on with the default
  // endpoint: the daemon checks must go on with it too, not be skipped
  {
    name: 'config.json is not JSON: a warning, and the default endpoint as the CLI uses it',
    host: { files: { '/home/mei/.docker/config.json': '{"auths": {' } },
    status: 'warn', code: 'config-malformed', endpoint: 'unix:///var/run/docker.sock', source: 'default',
  },
  {
    name: 'DOCKER_HOST overrides the selected context',
    host: { env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, files: { '/home/mei/.docker/config.json': '{"currentContext":"colima"}' } },
    status: 'warn', code: 'host-and-context', commands: ['unset DOCKER_HOST'],
  },
  {
    name: 'context meta.json is damaged',
    host: { env: { DOCKER_CONTEXT: 'broken' }, files: { [`/home/mei/.docker/contexts/meta/${createHash('sha256').update('broken').digest('hex')}/meta.json`]: '\u001b[31mnot json' } },
    status: 'fail', code: 'context-malformed',
  },
];

describe('docker-context', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host, options: c.options });
    expect([r.status, r.code]).toEqual([c.status, c.code]);
    if (c.endpoint) expect(r.data.endpoint).toBe(c.endpoint);
    if (c.source) expect(r.data.source).toBe(c.source);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    // nothing raw from outside reaches the words
    expect(r.text.en).not.toMatch(/\u001b/);
  });

  it('skips under --root: the endpoint belongs to the live session', async () => {
    const r = await runCheck(check, { root: '/nonexistent-tree' });
    expect(r.status).toBe('skip');
  });
});
