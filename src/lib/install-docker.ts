// How to install Docker on this platform, as Docker's own install pages say it today.
import type { HostFacts } from '../host/types.js';

export interface InstallAdvice {
  commands: string[];
  docs: string;
  /** A simpler alternative worth naming (Debian's own docker.io), shown in the explanation. */
  alternative?: string;
}

const APT_PACKAGES = 'docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin';

function aptRepository(distro: 'ubuntu' | 'debian'): string[] {
  // derivatives must name their base's codename: Linux Mint and Pop!_OS in UBUNTU_CODENAME,
  // LMDE in DEBIAN_CODENAME; their own VERSION_CODENAME is not in Docker's repository
  const codename = distro === 'ubuntu' ? '${UBUNTU_CODENAME:-$VERSION_CODENAME}' : '${DEBIAN_CODENAME:-$VERSION_CODENAME}';
  return [
    'sudo apt-get update',
    'sudo apt-get install -y ca-certificates curl',
    'sudo install -m 0755 -d /etc/apt/keyrings',
    `sudo curl -fsSL https://download.docker.com/linux/${distro}/gpg -o /etc/apt/keyrings/docker.asc`,
    'sudo chmod a+r /etc/apt/keyrings/docker.asc',
    `echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/${distro} $(. /etc/os-release && echo "${codename}") stable" | sudo tee /etc/apt/sources.list.d/docker.list > /dev/null`,
    'sudo apt-get update',
    `sudo apt-get install -y ${APT_PACKAGES}`,
  ];
}

function family(f: HostFacts): string {
  const ids = [f.distroId ?? '', ...(f.idLike ?? [])].map((s) => s.toLowerCase());
  if (ids[0] === 'ubuntu' || (ids.includes('ubuntu') && ids[0] !== 'debian')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  if (ids[0] === 'fedora') return 'fedora';
  if (ids.some((i) => ['rhel', 'centos', 'rocky', 'almalinux', 'ol'].includes(i)) || ids.includes('fedora')) return 'rhel';
  if (ids.some((i) => i === 'arch' || i === 'archlinux')) return 'arch';
  if (ids.some((i) => i.startsWith('opensuse') || i === 'suse' || i === 'sles')) return 'suse';
  if (ids.includes('alpine')) return 'alpine';
  return 'other';
}

export function installDocker(f: HostFacts): InstallAdvice {
  if (f.platform === 'darwin') {
    return { commands: ['brew install --cask docker', 'open -a Docker'], docs: 'https://docs.docker.com/desktop/setup/install/mac-install/' };
  }
  if (f.platform === 'win32') {
    return { commands: ['winget install -e --id Docker.DockerDesktop'], docs: 'https://docs.docker.com/desktop/setup/install/windows-install/' };
  }
  switch (family(f)) {
    case 'ubuntu':
      return { commands: aptRepository('ubuntu'), docs: 'https://docs.docker.com/engine/install/ubuntu/' };
    case 'debian':
      return { commands: aptRepository('debian'), docs: 'https://docs.docker.com/engine/install/debian/', alternative: 'sudo apt-get install docker.io' };
    case 'fedora': {
      // Fedora 41 moved to dnf5, whose config-manager has a different syntax
      const dnf5 = Number(f.release) >= 41 || !f.release;
      return {
        commands: [
          'sudo dnf -y install dnf-plugins-core',
          dnf5
            ? 'sudo dnf config-manager addrepo --from-repofile=https://download.docker.com/linux/fedora/docker-ce.repo'
            : 'sudo dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo',
          `sudo dnf install -y ${APT_PACKAGES}`,
          'sudo systemctl enable --now docker',
        ],
        docs: 'https://docs.docker.com/engine/install/fedora/',
      };
    }
    case 'rhel':
      return {
        commands: [
          'sudo dnf -y install dnf-plugins-core',
          'sudo dnf config-manager --add-repo https://download.docker.com/linux/rhel/docker-ce.repo',
          `sudo dnf install -y ${APT_PACKAGES}`,
          'sudo systemctl enable --now docker',
        ],
        docs: 'https://docs.docker.com/engine/install/rhel/',
      };
    case 'arch':
      return { commands: ['sudo pacman -S --needed docker', 'sudo systemctl enable --now docker'], docs: 'https://wiki.archlinux.org/title/Docker' };
    case 'suse':
      return { commands: ['sudo zypper install -y docker', 'sudo systemctl enable --now docker'], docs: 'https://en.opensuse.org/Docker' };
    case 'alpine':
      return { commands: ['sudo apk add docker', 'sudo rc-update add docker default', 'sudo service docker start'], docs: 'https://wiki.alpinelinux.org/wiki/Docker' };
    default:
      return {
        commands: ['curl -fsSL https://get.docker.com -o get-docker.sh', 'sudo sh get-docker.sh'],
        docs: 'https://docs.docker.com/engine/install/',
      };
  }
}
