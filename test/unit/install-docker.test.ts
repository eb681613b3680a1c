import { describe, expect, it } from 'vitest';
import { installDocker } from '../../src/lib/install-docker.js';
import { fakeFacts } from '../helpers/fake-host.js';

describe('installDocker', () => {
  it.each([
    [{ distroId: 'ubuntu', idLike: ['debian'] }, 'https://docs.docker.com/engine/install/ubuntu/'],
    [{ distroId: 'pop', idLike: ['ubuntu', 'debian'] }, 'https://docs.docker.com/engine/install/ubuntu/'],
    [{ distroId: 'debian', idLike: [] }, 'https://docs.docker.com/engine/install/debian/'],
    [{ distroId: 'raspbian', idLike: ['debian'] }, 'https://docs.docker.com/engine/install/debian/'],
    [{ distroId: 'fedora', idLike: [], release: '40' }, 'https://docs.docker.com/engine/install/fedora/'],
    [{ distroId: 'almalinux', idLike: ['rhel', 'centos', 'fedora'] }, 'https://docs.docker.com/engine/install/rhel/'],
    [{ distroId: 'opensuse-leap', idLike: ['suse', 'opensuse'] }, 'https://en.opensuse.org/Docker'],
    [{ distroId: 'alpine', idLike: [] }, 'https://wiki.alpinelinux.org/wiki/Docker'],
    [{ platform: 'darwin' }, 'https://docs.docker.com/desktop/setup/install/mac-install/'],
    [{ platform: 'win32' }, 'https://docs.docker.com/desktop/setup/install/windows-install/'],
  ])('%j', (over, docs) => expect(installDocker(fakeFacts(over)).docs).toBe(docs));

  it('the apt source line uses the Ubuntu codename of derivatives and the machine’s architecture', () => {
    const line = installDocker(fakeFacts()).commands.find((c) => c.includes('sources.list.d'))!;
    expect(line).toContain('arch=$(dpkg --print-architecture)');
    expect(line).toContain('signed-by=/etc/apt/keyrings/docker.asc');
    expect(line).toContain('${UBUNTU_CODENAME:-$VERSION_CODENAME}');
    expect(line).not.toMatch(/apt-key|lsb_release/);
  });

  // LMDE 6 says VERSION_CODENAME=faye, DEBIAN_CODENAME=bookworm; Docker's repository has only the latter
  it('Debian derivatives take the Debian codename their os-release names', () => {
    const line = installDocker(fakeFacts({ distroId: 'linuxmint', idLike: ['debian'] })).commands.find((c) => c.includes('sources.list.d'))!;
    expect(line).toContain('https://download.docker.com/linux/debian $(. /etc/os-release && echo "${DEBIAN_CODENAME:-$VERSION_CODENAME}") stable');
  });
});
