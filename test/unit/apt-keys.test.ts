import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dearmor, hasDockerKey, keyringProblem } from '../../src/lib/apt-keys.js';

// keys made with gpg for the fixtures: user id "Docker Release (CE deb) <docker@docker.com>"
const tree = (p: string) => new Uint8Array(readFileSync(new URL(`../fixtures/trees/${p}`, import.meta.url)));
const asc = tree('ubuntu-22.04/etc/apt/keyrings/docker.asc');
const gpg = tree('debian-12/etc/apt/keyrings/docker.gpg');
const legacy = tree('apt-legacy-apt-key/etc/apt/trusted.gpg');
const keybox = tree('apt-key-keybox/usr/share/keyrings/docker-archive-keyring.gpg');
const other = tree('apt-no-key/etc/apt/trusted.gpg.d/example-archive.gpg');

describe('hasDockerKey', () => {
  it.each([
    ['a binary keyring', gpg, true],
    ['an armored key', asc, true],
    ['a legacy trusted.gpg with Docker\'s key after another', legacy, true],
    ['a keybox', keybox, true],
    ['another archive\'s key', other, false],
    ['nothing', new Uint8Array(), false],
  ])('%s', (_name, bytes, want) => expect(hasDockerKey(bytes)).toBe(want));

  it("finds Docker's real key by its key id, as stored in a signature packet", () => {
    const bytes = Uint8Array.from([0x99, 0x01, 0x0d, 0x04, ...Buffer.from('00000000', 'hex'), 0x16, 0x09, 0x10, ...Buffer.from('8D81803C0EBFCD88', 'hex'), 0x00]);
    expect(hasDockerKey(bytes)).toBe(true);
  });

  it('dearmors what gpg --armor writes', () => {
    const [bytes] = dearmor(Buffer.from(asc).toString('latin1'));
    expect(Buffer.from(bytes!).equals(Buffer.from(gpg))).toBe(true);
  });

  it('ignores a broken armor block', () => {
    expect(dearmor('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n@@@@\n-----END PGP PUBLIC KEY BLOCK-----')).toEqual([]);
  });
});

describe('keyringProblem', () => {
  it.each([
    ['/etc/apt/keyrings/docker.asc', asc, undefined],
    ['/etc/apt/keyrings/docker.gpg', gpg, undefined],
    ['/etc/apt/trusted.gpg', legacy, undefined],
    ['/etc/apt/keyrings/docker.gpg', asc, 'armored-in-gpg'],
    ['/etc/apt/keyrings/docker.asc', gpg, 'not-a-key'],
    ['/usr/share/keyrings/docker-archive-keyring.gpg', keybox, 'keybox'],
    ['/etc/apt/keyrings/docker.asc', new Uint8Array(), 'empty'],
    ['/etc/apt/keyrings/docker.gpg', new TextEncoder().encode('<html><body>404 Not Found</body></html>'), 'not-a-key'],
    ['/etc/apt/keyrings/docker.asc', new TextEncoder().encode('<html><body>404 Not Found</body></html>'), 'not-a-key'],
    ['/etc/apt/keyrings/docker.key', asc, undefined],
  ])('%s', (path, bytes, want) => expect(keyringProblem(path, bytes)).toBe(want));
});
