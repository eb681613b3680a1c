import { describe, expect, it } from 'vitest';
import {
  dockerRepoDistro, effectiveArchitectures, isDockerUri, isSourcesFileName, normalizeUri, oneLineText, parseDeb822, parseOneLine, parseSources,
} from '../../src/lib/apt-sources.js';

const F = '/etc/apt/sources.list.d/x.list';

describe('one-line format', () => {
  it('reads options, URI, suite and components, and keeps the line', () => {
    const { entries, unparseable } = parseOneLine(
      '# Docker\n\ndeb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu jammy stable\n',
      F,
    );
    expect(unparseable).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      file: F, line: 3, format: 'one-line', enabled: true, types: ['deb'], uris: ['https://download.docker.com/linux/ubuntu'], suites: ['jammy'], components: ['stable'],
      architectures: ['amd64'], signedBy: { kind: 'keys', values: ['/etc/apt/keyrings/docker.asc'] }, optionTokens: ['arch=amd64', 'signed-by=/etc/apt/keyrings/docker.asc'],
    });
  });

  it.each([
    ['spaces inside the brackets', 'deb [ arch=arm64,armhf ] http://x/ jammy main', { architectures: ['arm64', 'armhf'], suites: ['jammy'] }],
    ['arch+= and arch-=', 'deb [arch+=i386 arch-=amd64] http://x/ jammy main', { architecturesAdd: ['i386'], architecturesRemove: ['amd64'] }],
    ['a comment after the entry', 'deb http://x/ jammy main # my note', { components: ['main'] }],
    ['deb-src', 'deb-src http://x/ jammy main', { types: ['deb-src'] }],
    ['an exact path suite', 'deb [trusted=yes] file:/srv/repo ./', { suites: ['./'], components: [] }],
    ['a cdrom URI with brackets and spaces', 'deb cdrom:[Ubuntu 22.04.1 LTS _Jammy Jellyfish_ - Release amd64 (20220809.1)]/ jammy main restricted', { uris: ['cdrom:[Ubuntu 22.04.1 LTS _Jammy Jellyfish_ - Release amd64 (20220809.1)]/'], suites: ['jammy'] }],
    ['CRLF line ends', 'deb http://x/ jammy main\r', { components: ['main'] }],
    ['a byte-order mark', '\ufeffdeb http://x/ jammy main', { types: ['deb'] }],
    ['tabs', 'deb\thttp://x/\tjammy\tmain', { suites: ['jammy'] }],
  ])('%s', (_name, line, want) => {
    const { entries, unparseable } = parseOneLine(line, F);
    expect(unparseable).toEqual([]);
    expect(entries[0]).toMatchObject(want);
  });

  it('keeps a commented-out entry as disabled, and ignores plain comments', () => {
    const text = '## a heading\n# deb [arch=amd64] https://download.docker.com/linux/ubuntu focal stable # disabled on upgrade to jammy\n# not [ a source\n';
    const { entries, unparseable } = parseOneLine(text, F);
    expect(unparseable).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ line: 2, enabled: false, suites: ['focal'], components: ['stable'] });
  });

  it.each([
    ['an unclosed option bracket', 'deb [arch=amd64 https://download.docker.com/linux/ubuntu jammy stable', 'unclosed-bracket'],
    ['no suite', 'deb http://archive.ubuntu.com/ubuntu', 'missing-suite'],
    ['no URI', 'deb [arch=amd64]', 'missing-uri'],
    ['an unknown type', 'rpm http://x/ jammy main', 'unknown-type'],
    ['a type typo', 'dep http://x/ jammy main', 'unknown-type'],
    ['an option without a value', 'deb [arch] http://x/ jammy main', 'bad-option'],
    ['components after an exact path', 'deb http://x/ ./ main', 'components-after-exact-path'],
    ['a URI without a scheme', 'deb download.docker.com/linux/ubuntu jammy stable', 'bad-uri'],
    ['binary bytes', 'deb \u0000\u0001\u0002 http://x', 'binary'],
    ['invalid UTF-8', 'deb http://x/ \ufffd\ufffd main', 'binary'],
  ])('%s is unparseable, with its line', (_name, line, reason) => {
    const { entries, unparseable } = parseOneLine(`deb http://ok/ jammy main\n${line}\n`, F);
    expect(entries).toHaveLength(1);
    expect(unparseable).toEqual([expect.objectContaining({ file: F, line: 2, reason })]);
    expect(unparseable[0]!.text).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('deb822 format', () => {
  const S = '/etc/apt/sources.list.d/docker.sources';

  it('reads stanzas with the line of every field', () => {
    const text = [
      '# Docker',
      'Types: deb',
      'URIs: https://download.docker.com/linux/ubuntu',
      'Suites: noble',
      'Components: stable',
      'Architectures: amd64 arm64',
      'Signed-By: /etc/apt/keyrings/docker.asc',
      '',
      'types: deb deb-src',
      'uris: http://archive.ubuntu.com/ubuntu/',
      'suites: noble noble-updates',
      'components: main',
      'enabled: yes',
    ].join('\n');
    const { entries, unparseable } = parseDeb822(text, S);
    expect(unparseable).toEqual([]);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      line: 2, endLine: 7, format: 'deb822', enabled: true, types: ['deb'], suites: ['noble'], architectures: ['amd64', 'arm64'],
      signedBy: { kind: 'keys', values: ['/etc/apt/keyrings/docker.asc'] }, fieldLines: { types: 2, uris: 3, suites: 4, components: 5, architectures: 6, 'signed-by': 7 },
    });
    expect(entries[1]).toMatchObject({ line: 9, types: ['deb', 'deb-src'], suites: ['noble', 'noble-updates'], enabled: true });
  });

  it('reads an inline key block in Signed-By', () => {
    const text = 'Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: noble\nComponents: stable\nSigned-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mDMEZQ==\n -----END PGP PUBLIC KEY BLOCK-----\n';
    const { entries, unparseable } = parseDeb822(text, S);
    expect(unparseable).toEqual([]);
    expect(entries[0]!.signedBy).toMatchObject({ kind: 'inline' });
    expect(entries[0]!.endLine).toBe(9);
  });

  it('keeps a stanza with Enabled: no as disabled, even when incomplete', () => {
    const { entries, unparseable } = parseDeb822('Enabled: no\nTypes: deb\nURIs: https://download.docker.com/linux/ubuntu\n', S);
    expect(unparseable).toEqual([]);
    expect(entries[0]).toMatchObject({ enabled: false, fieldLines: { enabled: 1 } });
  });

  it.each([
    ['no URIs', 'Types: deb\nSuites: noble\nComponents: main\n', 'missing-uris', 1],
    ['no Suites', 'Types: deb\nURIs: http://x/\n', 'missing-suites', 1],
    ['no Types', 'URIs: http://x/\nSuites: noble\n', 'missing-types', 1],
    ['an unknown type', 'Types: deb rpm\nURIs: http://x/\nSuites: noble\n', 'unknown-type', 1],
    ['a line that is no field', 'Types: deb\nURIs http://x/\nSuites: noble\n', 'not-a-field', 2],
    ['a continuation without a field', '  stray\nTypes: deb\n', 'continuation-without-field', 1],
    ['binary bytes', 'Types: deb\nURIs: \u0000\u0007\nSuites: noble\n', 'binary', 2],
  ])('%s is unparseable', (_name, text, reason, line) => {
    const { entries, unparseable } = parseDeb822(`Types: deb\nURIs: http://ok/\nSuites: noble\nComponents: main\n\n${text}`, S);
    expect(entries).toHaveLength(1);
    expect(unparseable[0]).toMatchObject({ file: S, line: line + 5, reason });
  });

  it('parseSources picks the format by file name', () => {
    expect(parseSources('/etc/apt/sources.list', 'deb http://x/ jammy main').entries[0]!.format).toBe('one-line');
    expect(parseSources(S, 'Types: deb\nURIs: http://x/\nSuites: noble\n').entries[0]!.format).toBe('deb822');
  });
});

// apt skips comments whatever their bytes: a sources.list commented in GBK or Latin-1 (decoded
// as U+FFFD) or holding a stray control character must not read as a broken file
describe('bytes inside comments', () => {
  it.each([
    ['a GBK comment line', '# \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n'],
    ['a Latin-1 comment after an entry', 'deb http://ok/ jammy main # d\ufffdp\ufffdt\n'],
    ['a control character in a comment', '#\u001b[1m mirror\u0007\n'],
  ])('one-line: %s', (_name, text) => {
    const { entries, unparseable } = parseOneLine(`deb http://ok/ jammy main\n${text}`, F);
    expect(unparseable).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
  });

  it('deb822: a comment line with invalid UTF-8 inside a stanza', () => {
    const { entries, unparseable } = parseDeb822('# \ufffd\ufffd\nTypes: deb\n# \ufffd\u0007\nURIs: http://x/\nSuites: noble\n', '/etc/apt/sources.list.d/x.sources');
    expect(unparseable).toEqual([]);
    expect(entries).toHaveLength(1);
  });

  it('still reports a binary entry before its comment', () => {
    expect(parseOneLine('deb \u0000\u0001 http://x # ok\n', F).unparseable[0]).toMatchObject({ reason: 'binary', line: 1 });
  });
});

describe('garbage never throws', () => {
  // a fixed generator: the same bytes every run
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const samples = Array.from({ length: 200 }, (_, i) => {
    const alphabet = 'deb-src [arch=amd64 signed-by=/x] Types: URIs: Suites: Enabled: no #\n\t "\u0000\u001b\ufffd';
    return Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => (i % 2 ? String.fromCharCode(Math.floor(rnd() * 256)) : alphabet[Math.floor(rnd() * alphabet.length)]!)).join('');
  });
  it.each(['x.list', 'x.sources'])('%s', (name) => {
    for (const s of samples) {
      const r = parseSources(`/etc/apt/sources.list.d/${name}`, s);
      for (const u of r.unparseable) expect(u.line).toBeGreaterThan(0);
      for (const e of r.entries) expect(e.line).toBeGreaterThan(0);
    }
  });
});

describe('Docker repository helpers', () => {
  it.each([
    ['https://download.docker.com/linux/ubuntu', true],
    ['https://download.docker.com/linux/debian/', true],
    ['https://DOWNLOAD.docker.com:443/linux/ubuntu', true],
    ['https://mirrors.aliyun.com/docker-ce/linux/ubuntu', true],
    ['https://mirrors.ustc.edu.cn/docker-ce/linux/debian', true],
    ['https://mirrors.tuna.tsinghua.edu.cn/docker-ce/linux/ubuntu/', true],
    ['http://archive.ubuntu.com/ubuntu/', false],
    ['https://example.com/not-docker-ce/linux/ubuntu', false],
    ['cdrom:[Ubuntu]/', false],
  ])('isDockerUri(%s) is %s', (uri, want) => expect(isDockerUri(uri)).toBe(want));

  it('names the distribution of the repository', () => {
    expect(dockerRepoDistro('https://download.docker.com/linux/ubuntu')).toBe('ubuntu');
    expect(dockerRepoDistro('https://mirrors.aliyun.com/docker-ce/linux/debian/')).toBe('debian');
    expect(dockerRepoDistro('https://download.docker.com/')).toBeUndefined();
  });

  it('normalizes URIs as apt compares them', () => {
    expect(normalizeUri('https://Download.Docker.com/linux/ubuntu')).toBe('https://download.docker.com/linux/ubuntu/');
    expect(normalizeUri('https://download.docker.com/linux/ubuntu/')).toBe('https://download.docker.com/linux/ubuntu/');
  });

  it('works out the architectures apt fetches', () => {
    const [plain, only, minus] = parseOneLine('deb http://x/ a b\ndeb [arch=amd64] http://x/ a b\ndeb [arch-=arm64] http://x/ a b', F).entries;
    expect(effectiveArchitectures(plain!, 'arm64', ['armhf'])).toEqual(['arm64', 'armhf']);
    expect(effectiveArchitectures(only!, 'arm64')).toEqual(['amd64']);
    expect(effectiveArchitectures(minus!, 'arm64')).toEqual([]);
  });

  it('accepts only the file names apt reads', () => {
    expect(isSourcesFileName('docker.list')).toBe(true);
    expect(isSourcesFileName('docker.sources')).toBe(true);
    expect(isSourcesFileName('docker.list.save')).toBe(false);
    expect(isSourcesFileName('docker.list.distUpgrade')).toBe(false);
    expect(isSourcesFileName('my docker.list')).toBe(false);
  });

  it('rebuilds a one-line entry with parts replaced', () => {
    const e = parseOneLine('deb [arch=amd64 signed-by=/k.asc] https://download.docker.com/linux/ubuntu victoria stable # note', F).entries[0]!;
    expect(oneLineText(e)).toBe('deb [arch=amd64 signed-by=/k.asc] https://download.docker.com/linux/ubuntu victoria stable');
    expect(oneLineText(e, { suite: 'jammy', optionTokens: [] })).toBe('deb https://download.docker.com/linux/ubuntu jammy stable');
  });
});
