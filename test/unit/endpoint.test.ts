import { describe, expect, it } from 'vitest';
import { resolveEndpoint, type EndpointInputs } from '../../src/docker/endpoint.js';

function inputs(env: Record<string, string>, over: Partial<EndpointInputs> = {}): EndpointInputs {
  return {
    env: (n) => env[n],
    read: async () => ({ ok: false, error: 'ENOENT' }),
    exists: async () => false,
    platform: 'linux',
    home: '/home/mei',
    ...over,
  };
}

describe('TLS from the environment, as the docker CLI takes it', () => {
  it.each([
    // DOCKER_TLS turns TLS on without verification (docker --tls); a plain connection to a TLS
    // daemon would be answered "Client sent an HTTP request to an HTTPS server"
    [{ DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS: '1' }, { verify: false, certPath: '/home/mei/.docker' }],
    [{ DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/certs' }, { verify: false, certPath: '/certs' }],
    // any non-empty DOCKER_TLS_VERIFY verifies, "0" included, and it wins over DOCKER_TLS
    [{ DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '0', DOCKER_TLS: '1' }, { verify: true, certPath: '/home/mei/.docker' }],
    [{ DOCKER_HOST: 'tcp://build.example:2375' }, undefined],
    [{ DOCKER_HOST: 'tcp://build.example:2375', DOCKER_TLS: '' }, undefined],
  ])('%j', async (env, tls) => {
    const r = await resolveEndpoint(inputs(env));
    expect(r.ok && r.endpoint.tls).toEqual(tls ?? undefined);
  });

});

describe('DOCKER_HOST as the docker CLI parses it (checked against docker 28.2.2)', () => {
  it.each([
    // no scheme is tcp: `DOCKER_HOST=localhost:2375 docker version` talks to tcp://localhost:2375
    ['localhost:2375', { scheme: 'tcp', host: 'localhost', port: 2375 }],
    ['127.0.0.1', { scheme: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['tcp://', { scheme: 'tcp', host: 'localhost', port: 2375 }],
    ['tcp://:2380', { scheme: 'tcp', host: 'localhost', port: 2380 }],
    ['unix://', { scheme: 'unix', socketPath: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock' }],
    ['unix://relative.sock', { scheme: 'unix', socketPath: 'relative.sock' }],
  ])('%s', async (host, endpoint) => {
    const r = await resolveEndpoint(inputs({ DOCKER_HOST: host }));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.ok && r.endpoint).toMatchObject(endpoint);
  });

  // the CLI fills in 2375 whether or not TLS is on: `DOCKER_TLS_VERIFY=1 DOCKER_HOST=tcp://h` dials h:2375
  it.each<Record<string, string>>([{ DOCKER_TLS_VERIFY: '1' }, { DOCKER_TLS: '1' }])('no port with TLS (%j) is still 2375', async (tls) => {
    const r = await resolveEndpoint(inputs({ DOCKER_HOST: 'tcp://build.example', ...tls }));
    expect(r.ok && r.endpoint.port).toBe(2375);
  });

  it.each(['bogus://x', 'tcp//localhost:2375', 'tcp://1.2.3.4:99999', 'TCP://127.0.0.1:2375', 'ssh://'])('%s is refused', async (host) => {
    const r = await resolveEndpoint(inputs({ DOCKER_HOST: host }));
    expect(r).toMatchObject({ ok: false, error: 'malformed-host', value: host });
  });
});
