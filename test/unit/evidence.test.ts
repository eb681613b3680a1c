import { describe, expect, it } from 'vitest';
import { NotRecordedError } from '../../src/host/errors.js';
import { LIMITS, Recorder, replayProbes } from '../../src/host/evidence.js';
import { fakeProbes } from '../helpers/fake-host.js';

const host = {
  env: { DOCKER_HOST: 'tcp://admin:pw@127.0.0.1:2376', GITHUB_TOKEN: 'ghp_s3cr3t', HOME: '/home/mei' },
  files: {
    '/home/mei/.docker/config.json': '{"auths":{"registry.example":{"auth":"dXNlcjpwYXNz"}},"currentContext":"default"}',
    '/var/lib/dpkg/status': 'Package: docker-ce\nStatus: install ok unpacked\nDescription: Docker\n a long description line\nDepends: libltdl7 (>= 2.4.6),\n iptables\nVersion: 18.06\n\n',
    '/big': 'x'.repeat(LIMITS.probeBytes + 10),
  },
  exec: { 'docker version': { stdout: 'Client: 28.2.2\n', exitCode: 0 } },
  api: { 'GET /_ping': { status: 200, headers: { 'api-version': '1.41' }, body: 'OK' } },
};

async function record() {
  const rec = new Recorder('/home/mei');
  const p = rec.wrap(fakeProbes(host));
  await p.read('/home/mei/.docker/config.json');
  await p.read('/var/lib/dpkg/status');
  await p.read('/big');
  await p.exec('docker', ['version']);
  await p.exec('docker', ['version']); // memoised: one entry
  await p.api(undefined, { method: 'GET', path: '/_ping' });
  p.env('DOCKER_HOST');
  p.env('GITHUB_TOKEN');
  await p.facts();
  return rec.entries;
}

describe('evidence', () => {
  it('records each probe once, redacted, and replays the same answers', async () => {
    const entries = await record();
    expect(entries.filter((e) => e.kind === 'exec')).toHaveLength(1);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('ghp_s3cr3t');
    expect(text).not.toContain('dXNlcjpwYXNz');
    expect(text).not.toContain('admin:pw');
    expect(text).not.toContain('/home/mei');

    const replay = replayProbes(entries);
    expect(await replay.exec('docker', ['version'])).toMatchObject({ stdout: 'Client: 28.2.2\n', exitCode: 0 });
    expect(await replay.api(undefined, { method: 'GET', path: '/_ping' })).toMatchObject({ ok: true, status: 200 });
    // recorded under ~, and looked up under ~ too: a replayed check computes paths from the redacted HOME
    expect(await replay.read('~/.docker/config.json')).toMatchObject({ ok: true });
    expect(replay.env('GITHUB_TOKEN')).toBe('***');
    expect(replay.env('DOCKER_HOST')).toBe('tcp://***@127.0.0.1:2376');
  });

  it('says "not recorded" for a probe the transcript lacks', async () => {
    const replay = replayProbes(await record());
    await expect(replay.exec('docker', ['info'])).rejects.toBeInstanceOf(NotRecordedError);
    await expect(replay.read('/etc/docker/daemon.json')).rejects.toBeInstanceOf(NotRecordedError);
    expect(() => replay.env('DOCKER_CONTEXT')).toThrow(NotRecordedError);
  });

  it('keeps only the dpkg fields the checks read, continuation lines included', async () => {
    const entries = await record();
    const status = entries.find((e) => e.request.path === '/var/lib/dpkg/status')!.response as { content: string };
    expect(status.content).toContain('Depends: libltdl7 (>= 2.4.6),\n iptables');
    expect(status.content).not.toContain('Description');
    expect(status.content).not.toContain('long description');
  });

  it('bounds a probe at 64 KiB and marks it truncated', async () => {
    const big = (await record()).find((e) => e.request.path === '/big')!.response as { content: string; truncated: boolean };
    expect(big.content.length).toBe(LIMITS.probeBytes);
    expect(big.truncated).toBe(true);
  });

  it('stops storing answers once 2 MiB are spent', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/f${i}`] = 'y'.repeat(60 * 1024);
    const rec = new Recorder(undefined);
    const p = rec.wrap(fakeProbes({ files }));
    for (let i = 0; i < 40; i++) await p.read(`/f${i}`);
    expect(JSON.stringify(rec.entries).length).toBeLessThan(LIMITS.totalBytes + 64 * 1024);
    expect(rec.entries.some((e) => e.omitted)).toBe(true);
    await expect(replayProbes(rec.entries).read('/f39')).rejects.toBeInstanceOf(NotRecordedError);
  });
});
