import { describe, expect, it } from 'vitest';
import { isSecretName, redactDeep, redactText } from '../../src/report/redact.js';
import { stripControl, cleanValue } from '../../src/sanitize.js';

describe('redaction', () => {
  it.each([
    ['http://user:hunter2@proxy.example:3128', 'http://***@proxy.example:3128'],
    ['HTTPS_PROXY=https://tok3n@proxy:8080/x', 'HTTPS_PROXY=https://***@proxy:8080/x'],
    ['tcp://admin:pw@10.0.0.1:2376', 'tcp://***@10.0.0.1:2376'],
    ['{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpodW50ZXIy"}}}', '{"auths":{"https://index.docker.io/v1/":{"auth":"***"}}}'],
    ['"identitytoken" : "abc\\"def"', '"identitytoken":"***"'],
    ['{"auths":{"r.example":{"auth":"dXNlcjpodW50', '{"auths":{"r.example":{"auth":"***"'],
    ['Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: Bearer ***'],
    ['no secrets here: unix:///var/run/docker.sock', 'no secrets here: unix:///var/run/docker.sock'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('turns the home directory into ~ only as a whole path component', () => {
    expect(redactText('/home/mei/.docker/config.json and /home/meister', '/home/mei')).toBe('~/.docker/config.json and /home/meister');
    expect(redactText('/root/.docker /rootfs', '/root')).toBe('~/.docker /rootfs');
  });

  it('walks objects, arrays and keys', () => {
    const out = redactDeep({ a: ['http://u:p@h'], ['/home/mei/x']: { n: 1 } }, '/home/mei');
    expect(out).toEqual({ a: ['http://***@h'], '~/x': { n: 1 } });
  });

  it.each(['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'REGISTRY_AUTH', 'MY_API_KEY', 'PASS'])('%s looks secret', (n) => {
    expect(isSecretName(n)).toBe(true);
  });
  it.each(['DOCKER_HOST', 'HOME', 'LANG', 'DOCKER_CONTEXT'])('%s does not', (n) => {
    expect(isSecretName(n)).toBe(false);
  });
});

describe('control characters', () => {
  it.each([
    ['\u001b[31mred\u001b[0m', 'red'],
    ['\u001b]0;title\u0007text', 'text'],
    ['\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['a\u0000b\u0007c\u0085d', 'abcd'],
    ['keep\ttabs\nand lines', 'keep\ttabs\nand lines'],
    ['\u001b[2J\u001b[Hclear', 'clear'],
  ])('%j', (input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });

  it('bounds and flattens values', () => {
    expect(cleanValue('a\nb')).toBe('a b');
    expect(cleanValue('x'.repeat(600)).length).toBe(501);
  });
});
