import { describe, expect, it } from 'vitest';
import { clientVersionEnv, firstLine, formatUnsupported, mentionsPodman, parseClientJson, parseDashVersion } from '../../src/lib/docker-client.js';
import { CLIENT_2010, CLIENT_28 } from '../helpers/docker-replies.js';

describe('parseClientJson', () => {
  it('docker 28 and 20.10 (real output)', () => {
    expect(parseClientJson(CLIENT_28.stdout)).toEqual({ version: '28.2.2', apiVersion: '1.50' });
    expect(parseClientJson(CLIENT_2010.stdout)).toEqual({ version: '20.10.24+dfsg1', apiVersion: '1.41' });
  });

  it('prefers DefaultAPIVersion: ApiVersion follows a pinned DOCKER_API_VERSION', () => {
    expect(parseClientJson('{"Version":"28.2.2","ApiVersion":"1.41","DefaultAPIVersion":"1.50"}')?.apiVersion).toBe('1.50');
  });

  it('podman’s JSON', () => {
    expect(parseClientJson('{"APIVersion":"4.3.1","Version":"4.3.1","OsArch":"linux/amd64"}')).toEqual({ version: '4.3.1', podman: true });
  });

  it('finds the JSON line among others', () => {
    expect(parseClientJson('WARNING: something\n{"Version":"24.0.7","ApiVersion":"1.43"}\n')?.version).toBe('24.0.7');
  });

  it.each(['', 'null', '[]', '{"Version":1}', '{"Version":"28\u001b[2J"}', '{"Version":"28.2.2",', '\u0000\u00ff'])('nothing usable in %j', (s) =>
    expect(parseClientJson(s)).toBeUndefined(),
  );

  it('drops an API version that is not a short token', () => {
    expect(parseClientJson('{"Version":"28.2.2","ApiVersion":"\\u001b[31m"}')).toEqual({ version: '28.2.2' });
  });
});

describe('the rest', () => {
  it.each([
    ['Docker version 28.2.2, build e6534b4', '28.2.2'],
    ['Docker version 1.7.1, build 786b29d', '1.7.1'],
    ['podman version 4.3.1', '4.3.1'],
    ['Docker version 20.10.24+dfsg1, build 297e128', '20.10.24+dfsg1'],
    ['nonsense', undefined],
  ])('parseDashVersion %j', (s, v) => expect(parseDashVersion(s)).toBe(v));

  it('formatUnsupported', () => {
    expect(formatUnsupported('flag provided but not defined: --format')).toBe(true);
    expect(formatUnsupported('unknown flag: --format')).toBe(true);
    expect(formatUnsupported('Cannot connect to the Docker daemon')).toBe(false);
  });

  it('mentionsPodman', () => expect(mentionsPodman('Emulate Docker CLI using podman.')).toBe(true));

  it('firstLine skips blank lines and the dead endpoint, cleans the rest', () => {
    expect(firstLine('\n\nCannot connect to the Docker daemon at unix:///nonexistent/docker-doctor.sock.\n\u001b[31mboom\u001b[0m\n')).toBe('boom');
    expect(firstLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('the env empties DOCKER_CONTEXT and DOCKER_API_VERSION', () => {
    expect(clientVersionEnv('linux')).toEqual({ DOCKER_HOST: 'unix:///nonexistent/docker-doctor.sock', DOCKER_CONTEXT: '', DOCKER_API_VERSION: '' });
    expect(clientVersionEnv('win32').DOCKER_HOST).toBe('npipe:////./pipe/docker-doctor-nonexistent');
  });
});
