// The repair commands are run here for real (bash and sed, without sudo, on a copy of the
// file): a quoting mistake in a pasted command is exactly what this must catch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODENAME_EXPR, correctedText, keyFetchCommands, removeEntryCommand, rewriteCommands, setupCommands, type Rewrite } from '../../src/lib/apt-commands.js';
import { parseSources } from '../../src/lib/apt-sources.js';

const dir = mkdtempSync(path.join(tmpdir(), 'apt-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const osRelease = path.join(dir, 'os-release');
writeFileSync(osRelease, 'ID=linuxmint\nVERSION_CODENAME=victoria\nUBUNTU_CODENAME=jammy\n');

/** Runs the commands against a copy: the file and /etc/os-release redirected, dpkg answering arm64. */
function apply(file: string, text: string, commands: string[]): string {
  const copy = path.join(dir, path.basename(file));
  writeFileSync(copy, text);
  for (const c of commands) {
    const script = c.replace(/^sudo /, '').split(file).join(copy).split('/etc/os-release').join(osRelease);
    execFileSync('bash', ['-c', `dpkg() { echo arm64; }\n${script}`]);
  }
  return readFileSync(copy, 'utf8');
}

const lit = { codenameExpr: CODENAME_EXPR, codename: 'jammy', arch: 'arm64' };

describe('rewriteCommands', () => {
  it.each<[string, string, string, Rewrite, string]>([
    [
      'suite and arch of a one-line entry, other lines untouched',
      '/etc/apt/sources.list',
      'deb http://archive.ubuntu.com/ubuntu jammy main\ndeb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu victoria stable # note\n',
      { suite: true, arch: true },
      'deb http://archive.ubuntu.com/ubuntu jammy main\ndeb [arch=arm64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu jammy stable\n',
    ],
    [
      'the distribution path and signed-by added',
      '/etc/apt/sources.list.d/docker.list',
      'deb [arch=amd64] https://download.docker.com/linux/debian bookworm stable\n',
      { uri: 'https://download.docker.com/linux/ubuntu', suite: true, signedBy: '/etc/apt/keyrings/docker.asc' },
      'deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu jammy stable\n',
    ],
    [
      'a disabled entry enabled again',
      '/etc/apt/sources.list.d/docker.list',
      '# deb [arch=amd64] https://download.docker.com/linux/ubuntu focal stable # disabled on upgrade to jammy\n',
      { enable: true, suite: true },
      'deb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable\n',
    ],
    [
      'awkward characters from the file stay literal',
      '/etc/apt/sources.list.d/docker.list',
      'deb [arch=amd64] https://download.docker.com/linux/ubuntu victoria stable$HOME&x|y\\z`w\n',
      { suite: true },
      'deb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable$HOME&x|y\\z`w\n',
    ],
    [
      'deb822 fields, and Signed-By appended',
      '/etc/apt/sources.list.d/docker.sources',
      'Types: deb\nURIs: https://download.docker.com/linux/debian\nSuites: victoria\nComponents: stable\nArchitectures: amd64\nEnabled: no\n\nTypes: deb\nURIs: http://other/\nSuites: x\n',
      { uri: 'https://download.docker.com/linux/ubuntu', suite: true, arch: true, enable: true, signedBy: '/etc/apt/keyrings/docker.asc' },
      'Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\nComponents: stable\nArchitectures: arm64\nEnabled: yes\nSigned-By: /etc/apt/keyrings/docker.asc\n\nTypes: deb\nURIs: http://other/\nSuites: x\n',
    ],
    [
      'signed-by replaced where it is (it named a directory)',
      '/etc/apt/sources.list.d/docker.list',
      'deb [signed-by=/etc/apt/keyrings arch=amd64] https://download.docker.com/linux/ubuntu jammy stable\n',
      { signedBy: '/etc/apt/keyrings/docker.asc' },
      'deb [signed-by=/etc/apt/keyrings/docker.asc arch=amd64] https://download.docker.com/linux/ubuntu jammy stable\n',
    ],
    [
      'deb822 Signed-By replaced in place',
      '/etc/apt/sources.list.d/docker.sources',
      'Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSigned-By: /dev/null\nSuites: jammy\nComponents: stable\n',
      { signedBy: '/etc/apt/keyrings/docker.asc' },
      'Types: deb\nURIs: https://download.docker.com/linux/ubuntu\nSigned-By: /etc/apt/keyrings/docker.asc\nSuites: jammy\nComponents: stable\n',
    ],
  ])('%s', (_name, file, text, rw, want) => {
    const e = parseSources(file, text).entries.find((x) => x.uris.some((u) => u.includes('docker')))!;
    const out = apply(file, text, rewriteCommands(e, rw, lit));
    expect(out).toBe(want);
  });

  it('shows the corrected entry with the real codename and architecture', () => {
    const e = parseSources('/x.list', 'deb [arch=amd64] https://download.docker.com/linux/ubuntu victoria stable').entries[0]!;
    expect(correctedText(e, { suite: true, arch: true }, lit)).toBe('deb [arch=arm64] https://download.docker.com/linux/ubuntu jammy stable');
  });
});

describe('removeEntryCommand', () => {
  const text = 'deb http://archive.ubuntu.com/ubuntu jammy main\ndeb https://download.docker.com/linux/ubuntu jammy stable\n';
  it('comments out one line of a shared file', () => {
    const e = parseSources('/etc/apt/sources.list', text).entries[1]!;
    expect(apply('/etc/apt/sources.list', text, [removeEntryCommand(e, false)])).toBe(
      'deb http://archive.ubuntu.com/ubuntu jammy main\n# deb https://download.docker.com/linux/ubuntu jammy stable\n',
    );
  });
  it('never removes sources.list itself', () => {
    const e = parseSources('/etc/apt/sources.list', text).entries[1]!;
    expect(removeEntryCommand(e, true)).toBe("sudo sed -i '2s/^/# /' /etc/apt/sources.list");
  });
  it('removes a file that holds only this entry', () => {
    const e = parseSources('/etc/apt/sources.list.d/docker-ce.list', text).entries[1]!;
    expect(removeEntryCommand(e, true)).toBe('sudo rm /etc/apt/sources.list.d/docker-ce.list');
  });
  it('disables a deb822 stanza in a shared file', () => {
    const t = 'Types: deb\nURIs: http://a/\nSuites: x\n\nTypes: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: jammy\n';
    const file = '/etc/apt/sources.list.d/all.sources';
    const e = parseSources(file, t).entries[1]!;
    const out = apply(file, t, [removeEntryCommand(e, false)]);
    expect(parseSources(file, out).entries.map((x) => x.enabled)).toEqual([true, false]);
  });
});

describe('key and setup commands', () => {
  it('fetches an armored key for .asc and dearmors for .gpg', () => {
    expect(keyFetchCommands('/etc/apt/keyrings/docker.asc', 'https://mirrors.aliyun.com/docker-ce/linux/ubuntu/')).toEqual([
      'sudo install -m 0755 -d /etc/apt/keyrings',
      'sudo curl -fsSL https://mirrors.aliyun.com/docker-ce/linux/ubuntu/gpg -o /etc/apt/keyrings/docker.asc',
      'sudo chmod a+r /etc/apt/keyrings/docker.asc',
    ]);
    expect(keyFetchCommands('/usr/share/keyrings/docker-archive-keyring.gpg', 'https://download.docker.com/linux/debian')[1]).toBe(
      'curl -fsSL https://download.docker.com/linux/debian/gpg | sudo gpg --dearmor --yes -o /usr/share/keyrings/docker-archive-keyring.gpg',
    );
  });

  it("writes Docker's documented source line, which apt can parse", () => {
    const echo = setupCommands('https://download.docker.com/linux/ubuntu', CODENAME_EXPR).find((c) => c.startsWith('echo'))!;
    const script = echo.replace('| sudo tee /etc/apt/sources.list.d/docker.list > /dev/null', '').split('/etc/os-release').join(osRelease);
    const line = execFileSync('bash', ['-c', `dpkg() { echo arm64; }\n${script}`], { encoding: 'utf8' });
    expect(line.trim()).toBe('deb [arch=arm64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu jammy stable');
    expect(parseSources('/x.list', line).unparseable).toEqual([]);
  });
});
