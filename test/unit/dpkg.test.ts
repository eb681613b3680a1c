import { describe, expect, it } from 'vitest';
import { compactDpkgStatus } from '../../src/host/evidence.js';
import {
  candidatesFor,
  compareVersions,
  isDockerPackage,
  parseRelations,
  parseStatus,
  parseStatusField,
  statusFromRead,
  unmetDependencies,
  versionSatisfies,
  type VersionOp,
} from '../../src/lib/dpkg.js';

describe('compareVersions (dpkg --compare-versions)', () => {
  // each row was checked against `dpkg --compare-versions a lt|eq|gt b`
  const rows: [string, string, -1 | 0 | 1][] = [
    ['1.0', '1.0', 0],
    ['1.0', '1.0-0', 0],
    ['1.0-1', '1.0', 1],
    ['1.0', '1.1', -1],
    ['1.10', '1.9', 1],
    ['1.09', '1.9', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0a', -1],
    ['1.0a', '1.0+', -1],
    ['1.0+', '1.0.', -1],
    ['1:1.0', '2.0', 1],
    ['0:1.0', '1.0', 0],
    ['2.4.6-15build2', '2.4.6', 1],
    ['2.4.2-1', '2.4.6', -1],
    ['5:27.3.1-1~ubuntu.22.04~jammy', '5:27.3.1-1', -1],
    ['5:27.3.1-1~ubuntu.22.04~jammy', '18.06.1~ce~3-0~ubuntu', 1],
    ['18.06.1~ce~3-0~ubuntu', '18.06.1', -1],
    ['1.4.9', '1.5~', -1],
    ['1.5~alpha4', '1.5~', 1],
    ['2.7.14build2', '1.5~', 1],
    ['1.0-1ubuntu1', '1.0-1', 1],
    ['1.0-1+b1', '1.0-1', 1],
    ['1.0-1~bpo1', '1.0-1', -1],
    ['7.88.1-10+deb12u14', '7.88.1-10+deb12u5', 1],
    ['a', 'b', -1],
    ['', '0', 0],
    ['1.2-3-4', '1.2-3', 1],
  ];
  it.each(rows)('%s vs %s = %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
    expect(compareVersions(b, a)).toBe(-want || 0);
  });

  const ops: [string, VersionOp, string, boolean][] = [
    ['2.4.6-15', '>=', '2.4.6', true],
    ['2.4.5-1', '>=', '2.4.6', false],
    ['1.0', '<<', '1.0', false],
    ['1.0', '<=', '1.0', true],
    ['1.0', '=', '1.0-0', true],
    ['1.1', '>>', '1.0', true],
  ];
  it.each(ops)('%s %s %s is %s', (v, op, ref, want) => expect(versionSatisfies(v, op, ref)).toBe(want));

  it('never throws on garbage', () => {
    for (const v of ['::', '-', '\u0000\u00ff', 'ünïcode', '9'.repeat(400), ':1', '1:', '~~~']) expect(() => compareVersions(v, '1.0')).not.toThrow();
  });
});

describe('parseRelations', () => {
  const rows: [string, unknown][] = [
    ['libltdl7 (>= 2.4.6), iptables', [[{ name: 'libltdl7', op: '>=', version: '2.4.6' }], [{ name: 'iptables' }]]],
    ['gpgv | gpgv2 | gpgv1', [[{ name: 'gpgv' }, { name: 'gpgv2' }, { name: 'gpgv1' }]]],
    ['python3:any (>= 3.8~), libc6:amd64', [[{ name: 'python3', arch: 'any', op: '>=', version: '3.8~' }], [{ name: 'libc6', arch: 'amd64' }]]],
    ['foo (<< 1:2.0-1)', [[{ name: 'foo', op: '<<', version: '1:2.0-1' }]]],
    ['foo(>=1.0)', [[{ name: 'foo', op: '>=', version: '1.0' }]]],
    // obsolete < and > mean <= and >=
    ['foo (< 2), bar (> 1)', [[{ name: 'foo', op: '<=', version: '2' }], [{ name: 'bar', op: '>=', version: '1' }]]],
    ['libc6 (>= 2.34),\n libsystemd0', [[{ name: 'libc6', op: '>=', version: '2.34' }], [{ name: 'libsystemd0' }]]],
    ['foo [amd64] <!nocheck>', [[{ name: 'foo' }]]],
    ['', []],
    ['(>= 1), !!!, , bar (>= ', []],
  ];
  it.each(rows)('%j', (text, want) => expect(parseRelations(text)).toEqual(want));
});

describe('parseStatusField', () => {
  const rows: [string, unknown][] = [
    ['install ok installed', { want: 'install', flag: 'ok', state: 'installed' }],
    ['install ok unpacked', { want: 'install', flag: 'ok', state: 'unpacked' }],
    ['install reinstreq half-installed', { want: 'install', flag: 'reinstreq', state: 'half-installed' }],
    ['deinstall ok config-files', { want: 'deinstall', flag: 'ok', state: 'config-files' }],
    ['hold ok installed', { want: 'hold', flag: 'ok', state: 'installed' }],
    ['install ok triggers-pending', { want: 'install', flag: 'ok', state: 'triggers-pending' }],
    ['install ok post-inst-failed', { want: 'install', flag: 'ok', state: 'half-configured' }],
    ['install ok', undefined],
    ['install ok nonsense', undefined],
    ['\u0000\u0001 ok installed', undefined],
  ];
  it.each(rows)('%j', (text, want) => expect(parseStatusField(text)).toEqual(want));
});

const STATUS = `Package: apt
Status: install ok installed
Architecture: amd64
Version: 2.4.13
Provides: apt-transport-https (= 2.4.13)
Depends: gpgv | gpgv2, libc6 (>= 2.34)

Package: docker-ce
Status: install ok unpacked
Priority: optional
Architecture: all
Version: 18.06.1~ce~3-0~ubuntu
Depends: libltdl7 (>= 2.4.6), iptables,
 libc6:any (>= 2.17)
Description: Docker: the open-source application container engine
 Docker is a product for you to build, ship and run any application as a
 .
 lightweight container

Package: gpgv
Status: install ok installed
Version: 2.2.27-3ubuntu2.1

Package: iptables
Status: install ok half-configured
Version: 1.8.7-1ubuntu5.2

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc (2.35-0ubuntu3.8)
Version: 2.35-0ubuntu3.8

Package: libltdl7
Status: deinstall ok config-files
Version: 2.4.6-15build2
`;

describe('parseStatus', () => {
  const db = parseStatus(STATUS);

  it('reads stanzas, continuation lines and the fields it needs', () => {
    expect(db.problems).toEqual([]);
    expect(db.packages.map((p) => p.name)).toEqual(['apt', 'docker-ce', 'gpgv', 'iptables', 'libc6', 'libltdl7']);
    const ce = db.byName('docker-ce')[0]!;
    expect(ce).toMatchObject({ line: 8, version: '18.06.1~ce~3-0~ubuntu', architecture: 'all', status: { want: 'install', flag: 'ok', state: 'unpacked' } });
    expect(ce.depends).toEqual([[{ name: 'libltdl7', op: '>=', version: '2.4.6' }], [{ name: 'iptables' }], [{ name: 'libc6', arch: 'any', op: '>=', version: '2.17' }]]);
    expect(db.byName('libc6')[0]).toMatchObject({ source: 'glibc', multiArch: 'same' });
    expect(db.byName('apt')[0]!.provides).toEqual([{ name: 'apt-transport-https', op: '=', version: '2.4.13' }]);
  });

  it('finds unmet dependencies: missing, removed (config-files), unconfigured', () => {
    const unmet = unmetDependencies(db, db.byName('docker-ce')[0]!);
    expect(unmet.map((u) => [u.relation, u.kind, u.found])).toEqual([
      ['libltdl7 (>= 2.4.6)', 'missing', 'not-installed'],
      ['iptables', 'unconfigured', 'iptables 1.8.7-1ubuntu5.2 half-configured'],
    ]);
    expect(unmetDependencies(db, db.byName('apt')[0]!)).toEqual([]);
  });

  it('versioned Provides satisfy versioned dependencies, unversioned ones do not', () => {
    expect(candidatesFor(db, { name: 'apt-transport-https', op: '>=', version: '1.5' })).toHaveLength(1);
    const plain = parseStatus('Package: a\nStatus: install ok installed\nVersion: 1\nProvides: virt\n');
    expect(candidatesFor(plain, { name: 'virt' })).toHaveLength(1);
    expect(candidatesFor(plain, { name: 'virt', op: '>=', version: '0' })).toHaveLength(0);
  });

  it('too old is a mismatch, with what is there', () => {
    const old = parseStatus('Package: a\nStatus: install ok installed\nVersion: 1\nDepends: b (>= 2)\n\nPackage: b\nStatus: install ok installed\nVersion: 1.9\n');
    expect(unmetDependencies(old, old.packages[0]!)).toMatchObject([{ kind: 'mismatch', found: 'b 1.9', field: 'Depends' }]);
  });

  it('an explicit architecture qualifier must match', () => {
    const multi = parseStatus('Package: a\nStatus: install ok installed\nVersion: 1\nPre-Depends: b:i386\n\nPackage: b\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n');
    expect(unmetDependencies(multi, multi.packages[0]!)).toMatchObject([{ field: 'Pre-Depends', relation: 'b:i386', kind: 'mismatch', found: 'b:amd64 1' }]);
  });

  it('handles CRLF and blank lines made of spaces', () => {
    const crlf = parseStatus('Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n   \r\nPackage: b\r\nStatus: install ok unpacked\r\n');
    expect(crlf.packages.map((p) => [p.name, p.status?.state])).toEqual([['a', 'installed'], ['b', 'unpacked']]);
    expect(crlf.problems).toEqual([]);
  });

  const garbage: [string, string, { packages: number; problems: number; firstLine?: number }][] = [
    ['empty', '', { packages: 0, problems: 0 }],
    ['binary bytes', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe, 10, 0, 0, 10, 0x1b, 0x5b, 0x33, 0x31, 0x6d]).toString('utf8'), { packages: 0, problems: 3, firstLine: 1 }],
    ['a garbage line inside a stanza', 'Package: a\nStatus: install ok installed\nthis is not a field\nVersion: 1\n', { packages: 1, problems: 1, firstLine: 3 }],
    ['a stanza without Package', 'Status: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\n', { packages: 1, problems: 1, firstLine: 1 }],
    ['a bad Status', 'Package: a\nStatus: install okay installed\n', { packages: 1, problems: 1, firstLine: 2 }],
    ['a continuation line before any field', ' floating\nPackage: a\nStatus: install ok installed\n', { packages: 1, problems: 1, firstLine: 1 }],
    ['cut in the middle of the last stanza (on disk)', `${STATUS}\nPackage: zlib1g\nStatus: install ok inst`, { packages: 7, problems: 1 }],
    ['huge', 'Package: a\nStatus: install ok installed\n'.repeat(1) + 'x'.repeat(200_000) + '\n', { packages: 1, problems: 1 }],
  ];
  it.each(garbage)('never throws: %s', (_name, text, want) => {
    const g = parseStatus(text);
    expect(g.packages).toHaveLength(want.packages);
    expect(g.problems).toHaveLength(want.problems);
    if (want.firstLine) expect(g.problems[0]!.line).toBe(want.firstLine);
    for (const p of g.problems) expect(p.text.length).toBeLessThanOrEqual(81);
  });

  it('a compacted status (as a report keeps it) gives the same packages on the same lines', () => {
    const compact = compactDpkgStatus(STATUS);
    expect(compact).not.toContain('Description');
    expect(compact).toMatch(/^#1$/m);
    const c = parseStatus(compact);
    expect(c.problems).toEqual([]);
    expect(c.packages).toEqual(db.packages);
  });

  it('control bytes in fields nobody reads are not damage; a blank-looking line ends a stanza', () => {
    const d = parseStatus('Package: a\nStatus: install ok installed\nDescription: x\n \u0000\u0007\u001b[2J\n\t\nPackage: b\nStatus: install ok installed\n');
    expect([d.packages.map((p) => p.name), d.problems]).toEqual([['a', 'b'], []]);
  });

  it('the same text is parsed once', () => expect(parseStatus(STATUS)).toBe(parseStatus(STATUS)));

  it('caps the problems of a binary file', () => {
    expect(parseStatus('\u0001garbage\n'.repeat(10_000)).problems).toHaveLength(50);
  });

  it('a truncated read drops the partial last stanza and knows which names it cannot speak for', () => {
    const cut = STATUS.slice(0, STATUS.indexOf('Version: 1.8.7'));
    const t = parseStatus(cut, { truncated: true });
    expect(t.truncated).toBe(true);
    expect(t.packages.map((p) => p.name)).toEqual(['apt', 'docker-ce', 'gpgv']);
    expect(t.problems).toEqual([]);
    expect([t.covers('docker-ce'), t.covers('gpgv'), t.covers('iptables'), t.covers('libltdl7')]).toEqual([true, true, false, false]);
    expect(parseStatus(cut).covers('libltdl7')).toBe(true);
  });
});

describe('statusFromRead', () => {
  it.each([
    [{ ok: false, error: 'ENOENT' } as const, 'missing'],
    [{ ok: false, error: 'ENOTDIR' } as const, 'missing'],
    [{ ok: false, error: 'EACCES' } as const, 'unreadable'],
    [{ ok: true, content: Buffer.from(STATUS).toString('base64'), encoding: 'base64', truncated: false, size: 1 } as const, 'ok'],
  ])('%j is %s', (read, kind) => expect(statusFromRead(read).kind).toBe(kind));
});

describe('isDockerPackage', () => {
  it.each([
    ['docker-ce', true],
    ['containerd.io', true],
    ['docker.io', true],
    ['moby-engine', true],
    ['docker-engine', true],
    ['runc', true],
    ['docker', false],
    ['libltdl7', false],
    ['dockerfile-mode', false],
  ])('%s: %s', (name, want) => expect(isDockerPackage(name)).toBe(want));
});
