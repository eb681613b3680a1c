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
    // an unencoded @ in the password (curl and dockerd split at the last one): nothing of it may stay
    ['Environment="HTTP_PROXY=http://CORP\\mei:P@ssw0rd@proxy.corp:8080"', 'Environment="HTTP_PROXY=http://***@proxy.corp:8080"'],
    ['http://u:a@b@c@proxy:3128/path@x', 'http://***@proxy:3128/path@x'],
    ['http://proxy:3128/a@b and mail@example.com', 'http://proxy:3128/a@b and mail@example.com'],
    // dockerd and curl take a proxy without a scheme (as http://), credentials and all
    ['Environment="HTTPS_PROXY=bob:hunter2@proxy.corp:3128"', 'Environment="HTTPS_PROXY=***@proxy.corp:3128"'],
    ['{"proxies": {"http-proxy": "bob:p@ss@proxy:3128", "no-proxy": "a@b"}}', '{"proxies": {"http-proxy": "***@proxy:3128", "no-proxy": "a@b"}}'],
    ['export all_proxy=bob:hunter2@proxy:1080', 'export all_proxy=***@proxy:1080'],
    ['HTTP_PROXY=http://bob:hunter2@proxy:3128', 'HTTP_PROXY=http://***@proxy:3128'],
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
    expect(cleanValue('  a \n\n \t b\n')).toBe('a b');
    expect(cleanValue('a   b')).toBe('a   b');
    expect(cleanValue('x'.repeat(600)).length).toBe(501);
  });

  // a daemon's error body or a command's output of a megabyte of blanks: the regular
  // expressions must stay linear, a backtracking one blocks the event loop (no deadline helps)
  it('a huge run of blanks without a newline is flattened in linear time', () => {
    expect(cleanValue(`${' '.repeat(256 * 1024)}x`, 10)).toBe('x');
  });
});

describe('redaction of hostile text', () => {
  it('a long chain of words that could start a URL scheme is redacted in linear time', () => {
    const s = 'a.'.repeat(128 * 1024);
    expect(redactText(s, '/home/mei')).toBe(s);
  });

  it('a long chain of proxy settings without an @ is redacted in linear time', () => {
    const s = 'http_proxy='.repeat(64 * 1024);
    expect(redactText(s)).toBe(s);
  });
});
