import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../src/lib/dpkg.js';
import { engineFromDpkg, upstreamVersion } from '../../src/lib/engine-version.js';

describe('engine version', () => {
  it.each([
    ['5:27.3.1-1~ubuntu.22.04~jammy', '27.3.1'],
    ['20.10.24+dfsg1-1+b3', '20.10.24'],
    ['18.06.1~ce~3-0~ubuntu', '18.06.1'],
    ['5:19.03.15~3-0~debian-buster', '19.03.15'],
    ['garbage', undefined],
  ])('%s -> %s', (v, want) => expect(upstreamVersion(v)).toBe(want));

  it('prefers an installed docker-ce; removed packages do not count', () => {
    const db = parseStatus(
      'Package: docker-ce\nStatus: deinstall ok config-files\nVersion: 5:24.0.7-1\n\nPackage: docker.io\nStatus: install ok installed\nVersion: 20.10.24+dfsg1-1\n\n',
    );
    expect(engineFromDpkg(db)).toEqual({ version: '20.10.24', package: 'docker.io' });
    expect(engineFromDpkg(parseStatus(''))).toBeUndefined();
  });
});
