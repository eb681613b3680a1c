import { defineCheck, type CheckResult, type Data, type Text } from '../src/check.js';
import { DOCKER_CE_PACKAGES, DPKG_STATUS, isPresent, type DpkgDb } from '../src/lib/dpkg.js';
import { readStatus } from '../src/lib/dpkg-read.js';

const DOCS = 'https://docs.docker.com/engine/install/ubuntu/#uninstall-old-versions';
const SNAP_DOCS = 'https://docs.docker.com/engine/install/';
/** Packages that install a docker engine or CLI of their own, besides Docker's. */
const DEB_ENGINES = ['docker-ce', 'docker-ce-cli', 'docker.io', 'docker-cli', 'docker-engine', 'moby-engine', 'moby-cli'];
const SHIM_PATHS = ['/usr/bin/docker', '/usr/local/bin/docker'];
/**
 * The distribution's packages that really clash with Docker's: Conflicts in the metadata, or the
 * same file in both ("trying to overwrite"). Compose v1 (/usr/bin/docker-compose) and docker-doc
 * install next to docker-ce without trouble, so they are no finding.
 */
const CLASHES: readonly { distro: string; with: readonly string[] }[] = [
  { distro: 'docker.io', with: ['docker-ce', 'docker-ce-cli', 'containerd.io'] },
  { distro: 'containerd', with: ['containerd.io'] },
  { distro: 'runc', with: ['containerd.io'] },
  { distro: 'docker-cli', with: ['docker-ce-cli'] },
  { distro: 'docker-buildx', with: ['docker-buildx-plugin'] },
  { distro: 'docker-compose-v2', with: ['docker-compose-plugin'] },
  // its /usr/bin/docker is podman, whatever else is installed
  { distro: 'podman-docker', with: DOCKER_CE_PACKAGES },
];

const messages = {
  none: { en: 'No conflicting Docker packages, no snap docker, no podman shim ({checked}).', 'zh-CN': '没有相互冲突的 Docker 软件包、snap 版 docker，也没有 podman 的 docker 兼容脚本（{checked}）。' },
  distroAndDocker: {
    en: "The distribution's {distro} are installed next to Docker's {docker} ({file}, line {line}); apt and dpkg fail with \"Conflicts\" or \"trying to overwrite\". {others}",
    'zh-CN': '发行版自带的 {distro} 与 Docker 官方的 {docker} 同时安装（{file} 第 {line} 行）；apt 和 dpkg 会因 "Conflicts" 或 "trying to overwrite" 而失败。{others}',
  },
  distroAndDockerFix: {
    en: "Remove the distribution's packages, as Docker's install guide does before installing docker-ce; your images and containers in /var/lib/docker are kept.",
    'zh-CN': '按照 Docker 安装指南的做法，先卸载发行版自带的软件包；/var/lib/docker 中的镜像和容器会保留。',
  },
  snapAndDeb: {
    en: 'Docker is installed twice: as a snap ({snap}) and as the package {deb}; the two daemons fight over the docker socket. {others}',
    'zh-CN': 'Docker 被安装了两次：snap 版（{snap}）和软件包 {deb}；两个守护进程会争用 docker 套接字。{others}',
  },
  snapAndDebFix: { en: 'Remove the snap and keep the packaged Docker.', 'zh-CN': '卸载 snap 版，保留软件包安装的 Docker。' },
  snapDocker: {
    en: 'Docker is installed as a snap ({snap}): it is confined (files outside your home directory, daemon.json under /var/snap/docker) and is not the install Docker documents. {others}',
    'zh-CN': 'Docker 是以 snap 方式安装的（{snap}）：它运行在受限环境中（无法访问主目录以外的文件，daemon.json 位于 /var/snap/docker 下），也不是 Docker 官方文档中的安装方式。{others}',
  },
  snapDockerFix: {
    en: "If it gives you trouble, remove the snap and install Docker from Docker's apt repository.",
    'zh-CN': '如果它带来问题，请卸载 snap 版，改为从 Docker 官方 apt 软件源安装。',
  },
  podmanShim: {
    en: '{path} is podman\'s "docker" shim (it prints "Emulate Docker CLI using podman"), not the Docker CLI. {others}',
    'zh-CN': '{path} 是 podman 提供的 docker 兼容脚本（会输出 "Emulate Docker CLI using podman"），不是 Docker CLI。{others}',
  },
  podmanShimFix: {
    en: 'Remove podman-docker (podman itself stays) so that the docker command is Docker\'s.',
    'zh-CN': '卸载 podman-docker（podman 本身会保留），让 docker 命令成为真正的 Docker CLI。',
  },
  statusIncomplete: {
    en: 'Skipped: {file} was cut short, so packages listed after it are unknown.',
    'zh-CN': '已跳过：{file} 被截断，截断处之后的软件包无从得知。',
  },
} satisfies Record<string, Text>;
type Msg = keyof typeof messages;

type Code = 'distro-and-docker' | 'snap-and-deb' | 'podman-shim' | 'snap-docker';

export default defineCheck({
  id: 'package-conflicts',
  title: { en: 'Conflicting Docker installs', 'zh-CN': '相互冲突的 Docker 安装' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    none: 'No distribution package next to Docker\'s, no snap docker, no podman shim.',
    'distro-and-docker': "The distribution's docker.io, containerd, runc, docker-cli, docker-buildx, docker-compose-v2 or podman-docker are installed next to the Docker package they clash with (docker-ce, containerd.io, ...).",
    'snap-and-deb': 'A snap docker and a packaged docker are both installed.',
    'snap-docker': 'Docker is installed as a snap (confined; not the install Docker documents).',
    'podman-shim': "The docker command is podman-docker's shell script, not the Docker CLI (fail when Docker's CLI package is installed too).",
    'status-incomplete': 'Nothing was found, but the dpkg status database was cut short.',
  },
  messages,
  async run(ctx): Promise<CheckResult<Msg>> {
    const file = DPKG_STATUS;
    const st = await readStatus(ctx);
    // without dpkg (Fedora, Arch, a --root tree without it) the snap and the shim still count
    const db: DpkgDb | undefined = st.kind === 'ok' ? st.db : undefined;
    const installed = (names: readonly string[]) => (db ? names.flatMap((n) => db.byName(n).filter(isPresent)) : []);
    const docker = installed(DOCKER_CE_PACKAGES);
    const clashing = CLASHES.filter((c) => docker.some((p) => c.with.includes(p.name))).map((c) => c.distro);
    const distro = installed(clashing);
    const debEngines = installed(DEB_ENGINES);
    const names = (ps: { name: string }[]) => [...new Set(ps.map((p) => p.name))];

    const snap: string[] = [];
    if ((await ctx.files.lstat('/snap/bin/docker')).ok) snap.push('/snap/bin/docker');
    const snaps = await ctx.files.list('/var/lib/snapd/snaps');
    if (snaps.ok) snap.push(...snaps.entries.filter((e) => /^docker_[^/]+\.snap$/.test(e.name)).map((e) => `/var/lib/snapd/snaps/${e.name}`));

    let shim: string | undefined;
    for (const path of SHIM_PATHS) {
      const r = await ctx.files.read(path, { maxBytes: 512 });
      if (r.ok && r.encoding === 'utf8' && r.content.startsWith('#!') && /podman/i.test(r.content)) {
        shim = path;
        break;
      }
    }
    // the package is there even when the tree (or transcript) lacks the file
    if (!shim && installed(['podman-docker']).length) shim = '/usr/bin/docker';

    const found: { code: Code; status: 'fail' | 'warn'; text: string; commands: string[] }[] = [];
    if (distro.length && docker.length) {
      found.push({ code: 'distro-and-docker', status: 'fail', text: `${names(distro).join(' ')} + ${names(docker).join(' ')}`, commands: [`sudo apt-get remove ${names(distro).join(' ')}`] });
    }
    if (snap.length && debEngines.length) found.push({ code: 'snap-and-deb', status: 'fail', text: `snap docker + ${names(debEngines).join(' ')}`, commands: ['sudo snap remove docker'] });
    else if (snap.length) found.push({ code: 'snap-docker', status: 'warn', text: `snap docker (${snap[0]})`, commands: ['sudo snap remove docker'] });
    if (shim) {
      const dockerCli = docker.some((p) => p.name === 'docker-ce-cli') || debEngines.some((p) => p.name !== 'docker-ce');
      const facts = await ctx.facts();
      const rpm = [facts.distroId, ...(facts.idLike ?? [])].some((d) => d && /fedora|rhel|centos/.test(d));
      const remove = db ? 'sudo apt-get remove podman-docker' : rpm ? 'sudo dnf remove podman-docker' : undefined;
      found.push({ code: 'podman-shim', status: dockerCli ? 'fail' : 'warn', text: `${shim}: podman`, commands: remove ? [remove] : [] });
    }

    const order: Code[] = ['distro-and-docker', 'snap-and-deb', 'podman-shim', 'snap-docker'];
    found.sort((a, b) => (a.status === b.status ? order.indexOf(a.code) - order.indexOf(b.code) : a.status === 'fail' ? -1 : 1));
    const first = found[0];
    if (!first) {
      if (db?.truncated) return { status: 'skip', code: 'status-incomplete', message: 'statusIncomplete', data: { file } };
      const checked = [db ? file : null, '/snap/bin/docker', '/var/lib/snapd/snaps', ...SHIM_PATHS].filter((x): x is string => Boolean(x));
      return { status: 'pass', code: 'none', message: 'none', data: { checked } };
    }
    const firstDistro = distro.slice().sort((a, b) => a.line - b.line)[0];
    const data: Data = {
      file,
      line: firstDistro?.line ?? null,
      distro: names(distro),
      docker: names(docker),
      deb: debEngines.length ? names(debEngines) : ['-'],
      snap: snap.length ? snap : ['-'],
      path: shim ?? null,
      findings: found.map((f) => f.text),
      // the other findings, in a form that reads the same in both languages
      others: found.length > 1 ? `[+ ${found.slice(1).map((f) => f.text).join('; ')}]` : '',
      codes: found.map((f) => f.code),
    };
    const message = { 'distro-and-docker': 'distroAndDocker', 'snap-and-deb': 'snapAndDeb', 'podman-shim': 'podmanShim', 'snap-docker': 'snapDocker' } as const;
    const commands = [...new Set(found.flatMap((f) => f.commands))];
    return {
      status: first.status, code: first.code, message: message[first.code], data,
      fix: { explain: `${message[first.code]}Fix`, commands, docs: first.code.startsWith('snap') ? SNAP_DOCS : DOCS },
    };
  },
});
