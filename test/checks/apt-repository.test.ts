import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import check from '../../checks/apt-repository.js';
import type { FileSpec, HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const fixture = (p: string) => readFileSync(new URL(`../fixtures/trees/${p}`, import.meta.url));
const ASC = fixture('ubuntu-22.04/etc/apt/keyrings/docker.asc').toString();
const GPG = fixture('debian-12/etc/apt/keyrings/docker.gpg');
const OS = {
  jammy: fixture('ubuntu-22.04/etc/os-release').toString(),
  noble: fixture('ubuntu-24.04/etc/os-release').toString(),
  bookworm: fixture('debian-12/etc/os-release').toString(),
  lmde: 'PRETTY_NAME="LMDE 6 (faye)"\nNAME="LMDE"\nVERSION_ID="6"\nVERSION_CODENAME=faye\nID=linuxmint\nID_LIKE=debian\nDEBIAN_CODENAME=bookworm\n',
};
const pkg = (name: string, arch = 'amd64') => `Package: ${name}\nStatus: install ok installed\nArchitecture: ${arch}\nVersion: 1.0\n`;
const STATUS = [pkg('dpkg'), pkg('apt')].join('\n');

const DL = '/etc/apt/sources.list.d/docker.list';
const DS = '/etc/apt/sources.list.d/docker.sources';
const KEY = '/etc/apt/keyrings/docker.asc';
const LINE = `deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu jammy stable`;
const EXPR = '$(. /etc/os-release && echo "${UBUNTU_CODENAME:-$VERSION_CODENAME}")';
const UPDATE = 'sudo apt-get update';
const FETCH_ASC = ['sudo install -m 0755 -d /etc/apt/keyrings', `sudo curl -fsSL https://download.docker.com/linux/ubuntu/gpg -o ${KEY}`, `sudo chmod a+r ${KEY}`];

/** An Ubuntu 22.04 transcript with Docker's source and key as given. */
function host(files: Record<string, FileSpec>, os = OS.jammy, status = STATUS, facts: HostSpec['facts'] = {}): HostSpec {
  return { facts, files: { '/etc/os-release': os, '/var/lib/dpkg/status': status, '/etc/apt/sources.list': '', ...files } };
}

// the key without "other" permission bits; git keeps only 644/755, so the mode is set on a copy
const tmp = mkdtempSync(join(tmpdir(), 'apt-repository-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function copyWithMode(name: string, file: string, mode: number): string {
  const dest = join(tmp, name);
  cpSync(tree(name), dest, { recursive: true });
  chmodSync(join(dest, file), mode);
  return dest;
}

// a fixed generator: the same garbage every run
let seed = 7;
const garbage = (n: number) => Buffer.from(Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));

interface Case {
  name: string;
  root?: string;
  host?: HostSpec;
  status: string;
  code: string;
  where?: string;
  findings?: string[];
  data?: Record<string, unknown>;
  commands?: string[];
}

const cases: Case[] = [
  // healthy systems: no false alarm
  { name: 'Ubuntu 22.04, one-line source', root: tree('ubuntu-22.04'), status: 'pass', code: 'ok', where: `${DL}:1`, data: { suite: 'jammy' } },
  { name: 'Ubuntu 24.04, deb822 source', root: tree('ubuntu-24.04'), status: 'pass', code: 'ok', where: `${DS}:1`, data: { suite: 'noble' } },
  { name: 'Debian 12, dearmored key', root: tree('debian-12'), status: 'pass', code: 'ok', where: `${DL}:1`, data: { uri: 'https://download.docker.com/linux/debian', suite: 'bookworm' } },
  { name: "Aliyun's mirror", root: tree('apt-mirror-aliyun'), status: 'pass', code: 'ok', where: '/etc/apt/sources.list.d/docker-ce.list:1', data: { uri: 'https://mirrors.aliyun.com/docker-ce/linux/ubuntu' } },
  {
    name: 'an inline key in deb822',
    host: host({ [DS]: `Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\nComponents: stable\nSigned-By:\n${ASC.trim().split('\n').map((l) => ` ${l || '.'}`).join('\n')}\n` }),
    status: 'pass', code: 'ok', where: `${DS}:1`,
  },
  {
    name: 'no Signed-By, key in trusted.gpg.d (the supported place)',
    host: host({ [DL]: 'deb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable\n', '/etc/apt/trusted.gpg.d/docker.gpg': GPG }),
    status: 'pass', code: 'ok',
  },
  {
    // "# 阿里云镜像" saved in GBK by an editor on Windows: apt skips comments, whatever their bytes
    name: 'a GBK comment in sources.list',
    host: host({ '/etc/apt/sources.list': Buffer.concat([Buffer.from('# '), Buffer.from([0xb0, 0xa2, 0xc0, 0xef, 0xd4, 0xc6]), Buffer.from('\ndeb http://mirrors.aliyun.com/ubuntu/ jammy main\n')]), [DL]: `${LINE}\n`, [KEY]: ASC }),
    status: 'pass', code: 'ok', where: `${DL}:1`,
  },
  { name: 'docker.io from the distribution, no Docker source', root: tree('apt-docker-io'), status: 'pass', code: 'distribution-package', data: { version: '24.0.7-0ubuntu2~22.04.1' } },

  // no source
  {
    name: 'no Docker source, nothing installed', root: tree('apt-source-missing'), status: 'warn', code: 'source-missing', where: '/etc/apt', findings: ['/etc/apt: source-missing'],
    commands: [
      ...FETCH_ASC,
      `echo "deb [arch=$(dpkg --print-architecture) signed-by=${KEY}] https://download.docker.com/linux/ubuntu ${EXPR} stable" | sudo tee ${DL} > /dev/null`,
      UPDATE,
      'sudo apt-get install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin',
    ],
  },
  {
    name: 'docker-ce installed from a .deb, no source', root: tree('apt-source-missing-installed'), status: 'warn', code: 'source-missing', data: { packages: 'docker-ce, containerd.io' },
    commands: [...FETCH_ASC, `echo "deb [arch=$(dpkg --print-architecture) signed-by=${KEY}] https://download.docker.com/linux/ubuntu ${EXPR} stable" | sudo tee ${DL} > /dev/null`, UPDATE],
  },
  {
    name: 'no Docker source on Debian: the debian repository',
    host: { ...host({}, OS.bookworm), api: { 'GET /_ping': 'socket-missing' } },
    status: 'warn', code: 'source-missing',
    commands: [
      'sudo install -m 0755 -d /etc/apt/keyrings', `sudo curl -fsSL https://download.docker.com/linux/debian/gpg -o ${KEY}`, `sudo chmod a+r ${KEY}`,
      `echo "deb [arch=$(dpkg --print-architecture) signed-by=${KEY}] https://download.docker.com/linux/debian ${EXPR} stable" | sudo tee ${DL} > /dev/null`,
      UPDATE, 'sudo apt-get install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin',
    ],
  },
  // Docker installed without apt: installing docker-ce next to it would be the wrong advice
  // (two daemons with a snap, and Docker warns against an engine inside WSL next to Docker Desktop)
  { name: 'a snap docker, no source', host: host({ '/snap/bin/docker': { type: 'symlink', linkTarget: '/usr/bin/snap' } }), status: 'pass', code: 'other-install', data: { how: 'snap (/snap/bin/docker)' } },
  {
    name: "WSL with Docker Desktop's integration, no source",
    host: host({ '/usr/bin/docker': { type: 'symlink', linkTarget: '/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker' } }, OS.jammy, STATUS, { wsl: true }),
    status: 'pass', code: 'other-install',
  },
  {
    name: 'a rootless daemon from the install script answers, no package, no source',
    host: { ...host({}), env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { 'GET /_ping': { status: 200, body: 'OK' } } },
    status: 'pass', code: 'other-install', data: { how: 'daemon at unix:///run/user/1000/docker.sock' },
  },
  {
    name: 'a release upgrade commented the source out', root: tree('apt-source-disabled'), status: 'warn', code: 'source-disabled', where: `${DL}:1`,
    data: { corrected: LINE },
    commands: [`sudo sed -i "1s|.*|deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu ${EXPR} stable|" ${DL}`, UPDATE],
  },
  {
    name: 'a deb822 source with Enabled: no',
    host: host({ [DS]: `Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: noble\nComponents: stable\nSigned-By: ${KEY}\nEnabled: no\n`, [KEY]: ASC }, OS.noble),
    status: 'warn', code: 'source-disabled', where: `${DS}:1`,
    commands: [`sudo sed -i "6s|.*|Enabled: yes|" ${DS}`, UPDATE],
  },

  // the release
  {
    name: 'Linux Mint: $(lsb_release -cs) gave victoria', root: tree('apt-mint-codename'), status: 'fail', code: 'suite-mismatch', where: `${DL}:1`,
    findings: [`${DL}:1: suite-mismatch victoria != jammy`],
    data: { suite: 'victoria', expected: 'jammy', expectedFrom: 'UBUNTU_CODENAME', corrected: LINE },
    commands: [`sudo sed -i "1s|.*|deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu ${EXPR} stable|" ${DL}`, UPDATE],
  },
  {
    name: "Ubuntu 24.04 still on jammy's repository (deb822)", root: tree('apt-suite-other-release'), status: 'warn', code: 'suite-mismatch', where: `${DS}:3`,
    data: { suite: 'jammy', expected: 'noble' },
    commands: [`sudo sed -i "3s|.*|Suites: ${EXPR}|" ${DS}`, UPDATE],
  },
  {
    name: 'LMDE names its Debian base in DEBIAN_CODENAME',
    host: host({ [DL]: 'deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian faye stable\n', [KEY]: ASC }, OS.lmde),
    status: 'fail', code: 'suite-mismatch', data: { expected: 'bookworm', expectedFrom: 'DEBIAN_CODENAME' },
    commands: [`sudo sed -i "1s|.*|deb [signed-by=${KEY}] https://download.docker.com/linux/debian $(. /etc/os-release && echo "$DEBIAN_CODENAME") stable|" ${DL}`, UPDATE],
  },
  {
    name: "Debian's path on Ubuntu", root: tree('apt-debian-path-on-ubuntu'), status: 'fail', code: 'distro-mismatch', where: `${DL}:1`,
    findings: [`${DL}:1: distro-mismatch debian != ubuntu`, `${DL}:1: suite-mismatch bookworm != jammy`],
    data: { repoDistro: 'debian', expected: 'ubuntu', corrected: LINE },
    commands: [`sudo sed -i "1s|.*|deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu ${EXPR} stable|" ${DL}`, UPDATE],
  },
  {
    name: "Ubuntu's path on Debian",
    host: host({ [DL]: `deb [signed-by=${KEY}] https://download.docker.com/linux/ubuntu bookworm stable\n`, [KEY]: ASC }, OS.bookworm),
    status: 'fail', code: 'distro-mismatch', data: { repoDistro: 'ubuntu', expected: 'debian' },
    commands: [`sudo sed -i "1s|.*|deb [signed-by=${KEY}] https://download.docker.com/linux/debian ${EXPR} stable|" ${DL}`, UPDATE],
  },

  // the architecture
  {
    name: 'arm64 machine, [arch=amd64] copied from a guide', root: tree('apt-arch-arm64'), status: 'fail', code: 'arch-mismatch', where: `${DL}:2`,
    data: { archs: 'amd64', machineArch: 'arm64' },
    commands: [`sudo sed -i "2s|.*|deb [arch=$(dpkg --print-architecture) signed-by=${KEY}] https://download.docker.com/linux/ubuntu jammy stable|" ${DL}`, UPDATE],
  },
  {
    name: 'Architectures in deb822; dpkg absent from a truncated status, so the host facts say arm64',
    host: host({ [DS]: `Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\nComponents: stable\nArchitectures: amd64\nSigned-By: ${KEY}\n`, [KEY]: ASC }, OS.jammy, 'Package: libc6\nStatus: install ok inst', { arch: 'arm64' }),
    status: 'fail', code: 'arch-mismatch', where: `${DS}:5`, data: { machineArch: 'arm64' },
    commands: [`sudo sed -i "5s|.*|Architectures: $(dpkg --print-architecture)|" ${DS}`, UPDATE],
  },

  // keys
  {
    name: 'Signed-By names a key never downloaded', root: tree('apt-key-missing'), status: 'fail', code: 'key-missing', where: `${DL}:1`, data: { key: '/etc/apt/keyrings/docker.gpg', subkey: '7EA0A9C3F273FCD8' },
    commands: ['sudo install -m 0755 -d /etc/apt/keyrings', 'curl -fsSL https://download.docker.com/linux/ubuntu/gpg | sudo gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg', 'sudo chmod a+r /etc/apt/keyrings/docker.gpg', UPDATE],
  },
  {
    name: "USTC's mirror without its key: fetched from the mirror", root: tree('apt-mirror-ustc-no-key'), status: 'fail', code: 'key-missing',
    commands: ['sudo install -m 0755 -d /etc/apt/keyrings', `sudo curl -fsSL https://mirrors.ustc.edu.cn/docker-ce/linux/ubuntu/gpg -o ${KEY}`, `sudo chmod a+r ${KEY}`, UPDATE],
  },
  {
    name: "no Signed-By, and Docker's key in no keyring", root: tree('apt-no-key'), status: 'fail', code: 'key-missing', where: `${DL}:1`, data: { corrected: LINE },
    commands: [...FETCH_ASC, `sudo sed -i "1s|.*|deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu jammy stable|" ${DL}`, UPDATE],
  },
  {
    name: 'the key is mode 0600 (a copy of the 22.04 tree)', root: copyWithMode('ubuntu-22.04', 'etc/apt/keyrings/docker.asc', 0o600), status: 'fail', code: 'key-unreadable', where: `${DL}:1`,
    data: { key: KEY, mode: '0600' }, commands: [`sudo chmod a+r ${KEY}`, UPDATE],
  },
  {
    name: 'the key is mode 0640 (transcript)', host: host({ [DL]: LINE, [KEY]: { type: 'file', mode: 0o640, content: ASC } }), status: 'fail', code: 'key-unreadable',
    data: { mode: '0640' }, commands: [`sudo chmod a+r ${KEY}`, UPDATE],
  },
  {
    name: 'the keyrings directory is mode 0700', host: host({ [DL]: LINE, '/etc/apt/keyrings': { type: 'directory', mode: 0o700 }, [KEY]: ASC }), status: 'fail', code: 'key-unreadable',
    data: { dir: '/etc/apt/keyrings', mode: '0700' }, commands: ['sudo chmod a+rx /etc/apt/keyrings', UPDATE],
  },
  // Signed-By naming a directory or a device: the fix must never delete it (rm -r /etc/apt/keyrings
  // would take every other repository's key with it), but fetch the key to a file and name that
  {
    name: 'Signed-By names the keyrings directory', host: host({ [DL]: 'deb [arch=amd64 signed-by=/etc/apt/keyrings] https://download.docker.com/linux/ubuntu jammy stable\n', '/etc/apt/keyrings/other.gpg': GPG }),
    status: 'fail', code: 'key-invalid', data: { key: '/etc/apt/keyrings', corrected: LINE },
    commands: [...FETCH_ASC, `sudo sed -i "1s|.*|${LINE}|" ${DL}`, UPDATE],
  },
  {
    name: 'Signed-By names a device (deb822)',
    host: host({ [DS]: 'Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\nComponents: stable\nSigned-By: /dev/null\n', '/dev/null': { type: 'other', mode: 0o666 } }),
    status: 'fail', code: 'key-invalid', where: `${DS}:5`, commands: [...FETCH_ASC, `sudo sed -i "5s|.*|Signed-By: ${KEY}|" ${DS}`, UPDATE],
  },
  {
    name: 'an armored key saved as .gpg', root: tree('apt-key-armored'), status: 'fail', code: 'key-invalid', data: { key: '/etc/apt/keyrings/docker.gpg' },
    commands: ['sudo install -m 0755 -d /etc/apt/keyrings', 'curl -fsSL https://download.docker.com/linux/ubuntu/gpg | sudo gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg', 'sudo chmod a+r /etc/apt/keyrings/docker.gpg', UPDATE],
  },
  {
    name: 'a keybox written by gpg --keyring', root: tree('apt-key-keybox'), status: 'fail', code: 'key-invalid', findings: [`${DL}:1: key-invalid /usr/share/keyrings/docker-archive-keyring.gpg keybox`],
  },
  { name: 'an empty key file (the download failed)', host: host({ [DL]: LINE, [KEY]: '' }), status: 'fail', code: 'key-invalid', findings: [`${DL}:1: key-invalid ${KEY} empty`], commands: [...FETCH_ASC, UPDATE] },
  {
    name: 'an armored key in trusted.gpg.d under .gpg, no Signed-By',
    host: host({ [DL]: 'deb https://download.docker.com/linux/ubuntu jammy stable\n', '/etc/apt/trusted.gpg.d/docker.gpg': ASC }),
    status: 'fail', code: 'key-invalid', where: `${DL}:1`, findings: [`${DL}:1: key-invalid /etc/apt/trusted.gpg.d/docker.gpg armored-in-gpg`],
  },
  {
    name: "the original note: apt-key and add-apt-repository into sources.list", root: tree('apt-legacy-apt-key'), status: 'warn', code: 'legacy-apt-key', where: '/etc/apt/sources.list:4',
    data: { corrected: `deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu focal stable` },
    commands: [...FETCH_ASC, `sudo sed -i "4s|.*|deb [arch=amd64 signed-by=${KEY}] https://download.docker.com/linux/ubuntu focal stable|" /etc/apt/sources.list`, 'sudo apt-key del 0EBFCD88', UPDATE],
  },

  // conflicts
  {
    name: 'two Docker files with different keys', root: tree('apt-signed-by-conflict'), status: 'fail', code: 'signed-by-conflict', where: `${DL}:1`,
    data: {
      aptError: 'Conflicting values set for option Signed-By regarding source https://download.docker.com/linux/ubuntu/ jammy: /usr/share/keyrings/docker-archive-keyring.gpg != /etc/apt/keyrings/docker.asc',
      otherWhere: '/etc/apt/sources.list.d/docker-ce.list:1', keep: `${DL}:1`,
    },
    commands: ['sudo rm /etc/apt/sources.list.d/docker-ce.list', UPDATE],
  },
  {
    name: 'add-apt-repository line in sources.list next to docker.list: the line is commented out, the file kept',
    host: host({ '/etc/apt/sources.list': `deb http://archive.ubuntu.com/ubuntu jammy main\ndeb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable\n`, [DL]: LINE, [KEY]: ASC }),
    status: 'fail', code: 'signed-by-conflict', where: `${DL}:1`, data: { otherWhere: '/etc/apt/sources.list:2' },
    commands: ["sudo sed -i '2s/^/# /' /etc/apt/sources.list", UPDATE],
  },

  // broken input
  {
    name: 'a broken line elsewhere stops apt', root: tree('apt-malformed-line'), status: 'fail', code: 'malformed-source', where: '/etc/apt/sources.list:2',
    data: { reason: 'missing-suite', text: 'deb http://archive.ubuntu.com/ubuntu' }, commands: ["sudo sed -i '2s/^/# /' /etc/apt/sources.list", UPDATE],
  },
  {
    name: 'binary garbage as a source file, os-release and status', host: { files: { '/etc/os-release': garbage(300), '/var/lib/dpkg/status': garbage(5000), '/etc/apt/sources.list.d/junk.list': garbage(2000), [DL]: LINE, [KEY]: ASC } },
    status: 'fail', code: 'malformed-source', where: '/etc/apt/sources.list.d/junk.list:1', data: { reason: 'binary' },
    commands: ['sudo mv /etc/apt/sources.list.d/junk.list /etc/apt/sources.list.d/junk.list.disabled', UPDATE],
  },
  {
    name: 'a garbage deb822 file, a garbage trusted.gpg and escape sequences',
    host: host({ [DS]: Buffer.concat([Buffer.from('Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: \u001b[31mjammy\n'), garbage(500)]), '/etc/apt/trusted.gpg': garbage(4000), [DL]: 'deb \u001b]0;pwned\u0007 https://download.docker.com/linux/ubuntu jammy stable' }),
    status: 'fail', code: 'malformed-source',
  },

  // several findings: the worst is the result, all are listed
  {
    name: 'a warn and a fail on one system: the fail leads',
    host: host({ [DS]: `Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\nComponents: stable\nSigned-By: ${KEY}\n` }, OS.noble),
    status: 'fail', code: 'key-missing', where: `${DS}:5`,
    findings: [`${DS}:5: key-missing ${KEY}`, `${DS}:3: suite-mismatch jammy != noble`],
  },

  // cannot tell
  { name: 'not an apt system', host: { files: { '/etc/os-release': 'ID=fedora\n' } }, status: 'skip', code: 'no-apt' },
  { name: 'the Docker source cannot be read', host: host({ [DL]: { error: 'EACCES' } }), status: 'skip', code: 'sources-unreadable', data: { unreadable: [DL] } },
];

describe('apt-repository', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, c.root ? { root: c.root } : { host: c.host });
    expect([r.status, r.code], `${r.text.en} ${JSON.stringify(r.data)}`).toEqual([c.status, c.code]);
    if (c.where) expect(r.data.where).toBe(c.where);
    if (c.findings) expect(r.data.findings).toEqual(c.findings);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (r.status === 'warn' || r.status === 'fail') {
      expect(r.commands.length).toBeGreaterThan(0);
      expect(r.outcome.fix?.docs).toMatch(/^https:\/\/docs\.docker\.com\//);
      // each finding names its file and line (or /etc/apt when there is no source at all)
      for (const f of r.data.findings as string[]) expect(f).toMatch(/^\/etc\/apt(\/\S+:\d+)?: [a-z-]+/);
    }
    for (const lang of ['en', 'zh-CN'] as const) expect(r.text[lang]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('every documented code has a case', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.keys(check.codes)));
  });

  it('names the other findings in the message, in both languages', async () => {
    const r = await runCheck(check, { root: tree('apt-debian-path-on-ubuntu') });
    expect(r.text.en).toContain(`(+1: ${DL}:1 suite-mismatch)`);
    expect(r.text['zh-CN']).toContain(`(+1: ${DL}:1 suite-mismatch)`);
  });
});
