import { defineCheck, type CheckResult } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import { compareRelease } from '../src/lib/daemon-options.js';
import { readStatus } from '../src/lib/dpkg-read.js';
import { engineFromDpkg, upstreamVersion } from '../src/lib/engine-version.js';
import { installDocker } from '../src/lib/install-docker.js';
import { psQuote } from '../src/lib/shell-quote.js';

// What the running kernel offers against what Docker needs. Kept to rules that are documented
// and stable: Docker Engine 20.10 and later need Linux 3.10 or newer; overlay2, the default
// storage driver, wants 4.0 or newer (RHEL/CentOS 7 backported it to their 3.10); cgroup v2
// needs Docker 20.10 or newer; Docker runs on 64-bit machines (32-bit ARM aside) and not on
// WSL 1, which has no Linux kernel at all. Live only: a --root tree has no running kernel.
const DOCS = 'https://docs.docker.com/engine/install/';
const DOCS_CGROUP = 'https://docs.docker.com/engine/containers/runmetrics/#running-docker-on-cgroup-v2';
const DOCS_OVERLAY = 'https://docs.docker.com/engine/storage/drivers/overlayfs-driver/';
const DOCS_WSL = 'https://learn.microsoft.com/windows/wsl/install#upgrade-version-from-wsl-1-to-wsl-2';
const CGROUP2_MAGIC = 0x63677270;
const MIN_KERNEL = '3.10';
const OVERLAY2_KERNEL = '4.0';
const CGROUP2_ENGINE = '20.10';
/** Node's names of machines Docker Engine has no packages for. */
const UNSUPPORTED_ARCH = ['ia32', 'x32', 'mips', 'mipsel', 'mips64', 'mips64el', 'ppc'];

const messages = {
  ok: {
    en: 'Kernel {kernel} on {arch}: cgroup {cgroup}, overlay filesystem {overlay}.',
    'zh-CN': '内核 {kernel}（{arch}）：cgroup {cgroup}，overlay 文件系统 {overlay}。',
  },
  okEngine: {
    en: 'Kernel {kernel} on {arch}: cgroup {cgroup}, overlay filesystem {overlay}; fit for Docker Engine {engine}.',
    'zh-CN': '内核 {kernel}（{arch}）：cgroup {cgroup}，overlay 文件系统 {overlay}；满足 Docker Engine {engine} 的要求。',
  },
  liveOnly: {
    en: 'Skipped: the kernel, cgroups and filesystems belong to the running system, not to a --root tree.',
    'zh-CN': '已跳过：内核、cgroup 和文件系统属于正在运行的系统，而不是 --root 指定的目录树。',
  },
  archUnsupported: {
    en: 'This is a {arch} (32-bit x86 or similar) system: Docker Engine is built for 64-bit machines (x86_64, arm64, s390x, ppc64le) and 32-bit ARM only.',
    'zh-CN': '这是 {arch}（32 位 x86 或类似）系统：Docker Engine 只提供 64 位（x86_64、arm64、s390x、ppc64le）和 32 位 ARM 的版本。',
  },
  archFix: {
    en: 'Install a 64-bit (x86_64 or arm64) edition of the operating system; a 32-bit userland on a 64-bit CPU needs a reinstall too.',
    'zh-CN': '请安装 64 位（x86_64 或 arm64）版本的操作系统；64 位 CPU 上运行的 32 位系统同样需要重装。',
  },
  arm32: {
    en: 'This is a 32-bit ARM system (armhf): Docker still ships packages for it, but Docker Engine 28 is the last release for 32-bit Raspberry Pi OS, and many images have no 32-bit ARM variant.',
    'zh-CN': '这是 32 位 ARM 系统（armhf）：Docker 仍提供相应的软件包，但 Docker Engine 28 是支持 32 位 Raspberry Pi OS 的最后一个版本，而且许多镜像没有 32 位 ARM 版本。',
  },
  arm32Fix: {
    en: 'Where the board allows it, move to the 64-bit (arm64) edition of the system.',
    'zh-CN': '如果硬件支持，请改用 64 位（arm64）版本的系统。',
  },
  wsl1: {
    en: 'This distribution runs under WSL 1 (kernel {kernel}), which translates system calls and has no real Linux kernel: Docker Engine cannot run here.',
    'zh-CN': '该发行版运行在 WSL 1 下（内核 {kernel}）：WSL 1 只做系统调用转换，没有真正的 Linux 内核，Docker Engine 无法在这里运行。',
  },
  wsl1Fix: {
    en: 'Convert the distribution to WSL 2 in Windows (PowerShell or cmd), then open it again.',
    'zh-CN': '在 Windows（PowerShell 或 cmd）中把该发行版转换为 WSL 2，然后重新打开它。',
  },
  kernelTooOld: {
    en: 'Kernel {kernel} is older than {minimum}, the minimum for Docker Engine 20.10 and later.',
    'zh-CN': '内核 {kernel} 低于 Docker Engine 20.10 及以后版本要求的最低版本 {minimum}。',
  },
  kernelOld: {
    en: 'Kernel {kernel} is older than {minimum}: the default overlay2 storage driver may be missing or unreliable (only RHEL/CentOS 7 backported it).',
    'zh-CN': '内核 {kernel} 低于 {minimum}：默认的 overlay2 存储驱动可能不可用或不稳定（只有 RHEL/CentOS 7 做了移植）。',
  },
  kernelFix: {
    en: 'Upgrade the kernel (in practice: move to a supported release of the distribution) and reboot.',
    'zh-CN': '升级内核（实际上就是升级到发行版仍受支持的版本），然后重启。',
  },
  cgroup2: {
    en: 'The system uses cgroup v2 but Docker Engine {engine} ({source}) predates cgroup v2 support (added in 20.10): containers fail to start with cgroup errors.',
    'zh-CN': '系统使用 cgroup v2，但 Docker Engine {engine}（来源：{source}）早于 cgroup v2 支持（20.10 才加入）：容器会因 cgroup 错误而无法启动。',
  },
  cgroup2Fix: {
    en: 'Upgrade Docker Engine to 20.10 or later (preferred). The alternative is booting with cgroup v1 (systemd.unified_cgroup_hierarchy=0 on the kernel command line).',
    'zh-CN': '将 Docker Engine 升级到 20.10 或更高版本（推荐）。另一种做法是以 cgroup v1 启动（在内核命令行中加入 systemd.unified_cgroup_hierarchy=0）。',
  },
  overlayMissing: {
    en: 'The overlay filesystem is not in /proc/filesystems and no overlay module was found for kernel {kernel}: dockerd falls back to the slow vfs driver or fails ("driver not supported").',
    'zh-CN': '/proc/filesystems 中没有 overlay 文件系统，也没有找到内核 {kernel} 的 overlay 模块：dockerd 会退回到很慢的 vfs 驱动，或者报错 "driver not supported"。',
  },
  overlayFix: {
    en: 'Load the overlay module now and at every boot; if modprobe cannot find it, install the kernel modules package of your distribution.',
    'zh-CN': '立即加载 overlay 模块，并设置为每次开机自动加载；如果 modprobe 找不到它，请安装发行版的内核模块软件包。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

interface Engine {
  version: string;
  source: string;
  package?: string;
}

/** The engine version: the daemon's own when it answers for this kernel, else dpkg's. */
async function engine(ctx: CheckContext, f: HostFacts): Promise<Engine | undefined> {
  // the ping is memoised and shared: a hung daemon costs one --timeout for the whole run
  const ping = await ctx.docker.ping();
  if (ping.ok && ping.status === 200) {
    const v = await ctx.docker.version();
    const version = v.ok && typeof v.value.Version === 'string' ? upstreamVersion(v.value.Version) : undefined;
    // a daemon in a VM (Docker Desktop) or on another host runs on its own kernel
    const here = !v.ok || !v.value.KernelVersion || v.value.KernelVersion === f.kernel;
    if (version && here) return { version, source: 'daemon' };
  }
  const st = await readStatus(ctx);
  const e = st.kind === 'ok' ? engineFromDpkg(st.db) : undefined;
  return e ? { version: e.version, source: `dpkg ${e.package}`, package: e.package } : undefined;
}

async function overlayState(ctx: CheckContext, kernel: string | undefined): Promise<'loaded' | 'module' | 'missing' | 'unknown'> {
  const fsText = await ctx.files.text('/proc/filesystems', { maxBytes: 64 * 1024 });
  if (fsText === undefined) return 'unknown';
  if (/^\S*\s+overlay\s*$/m.test(fsText)) return 'loaded';
  if (!kernel || !/^[\w.+~-]+$/.test(kernel)) return 'missing';
  // dockerd loads the module itself when it is installed
  const dir = await ctx.files.list(`/lib/modules/${kernel}/kernel/fs/overlayfs`);
  if (dir.ok && dir.entries.some((e) => /^overlay\.ko/.test(e.name))) return 'module';
  const builtin = await ctx.files.text(`/lib/modules/${kernel}/modules.builtin`, { maxBytes: 1024 * 1024 });
  return builtin && /fs\/overlayfs\/overlay\.ko/.test(builtin) ? 'loaded' : 'missing';
}

function upgradeKernel(f: HostFacts): string[] {
  const ids = [f.distroId ?? '', ...(f.idLike ?? [])];
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return ['sudo apt-get update', 'sudo apt-get dist-upgrade', 'sudo reboot'];
  if (ids.some((i) => ['rhel', 'centos', 'fedora'].includes(i))) return ['sudo yum update kernel', 'sudo reboot'];
  return [];
}

export default defineCheck<M>({
  id: 'kernel',
  title: { en: 'Kernel, cgroups and overlay filesystem', 'zh-CN': '内核、cgroup 与 overlay 文件系统' },
  category: 'resources',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    ok: 'Architecture, kernel version, cgroup version and overlay fit the installed engine (data: arch, kernel, cgroup, overlay, engine).',
    'live-only': 'Under --root: nothing to judge from a tree (skip).',
    'arch-unsupported': 'A 32-bit x86 (or other) machine Docker Engine has no packages for.',
    'arm-32bit': '32-bit ARM (armhf): still packaged, but on its way out (warn).',
    wsl1: 'WSL 1: no Linux kernel, Docker Engine cannot run.',
    'kernel-too-old': 'Kernel older than 3.10.',
    'kernel-old': 'Kernel older than 4.0: overlay2 may be missing (warn).',
    'cgroup2-engine-too-old': 'cgroup v2 with an engine older than 20.10.',
    'overlay-missing': 'No overlay filesystem loaded, built in or installed as a module (warn).',
  },
  messages,
  deadlineMs: (t) => 2 * t + 2000,
  async run(ctx): Promise<Result> {
    if (ctx.rooted) return { status: 'skip', code: 'live-only', message: 'liveOnly', data: {} };
    const f = await ctx.facts();
    const kernel = f.kernel ?? null;
    if (UNSUPPORTED_ARCH.includes(f.arch)) {
      return { status: 'fail', code: 'arch-unsupported', message: 'archUnsupported', data: { arch: f.arch, kernel }, fix: { explain: 'archFix', commands: [], docs: DOCS } };
    }
    // WSL 1 reports a fake kernel such as 4.4.0-19041-Microsoft (WSL 2: ...-microsoft-standard-WSL2)
    if (f.wsl && kernel && /-Microsoft$/.test(kernel)) {
      const distro = ctx.env('WSL_DISTRO_NAME');
      const commands = [distro ? `wsl --set-version ${psQuote(distro)} 2` : 'wsl --list --verbose', 'wsl --set-default-version 2'];
      return { status: 'fail', code: 'wsl1', message: 'wsl1', data: { kernel, distro: distro ?? null }, fix: { explain: 'wsl1Fix', commands, docs: DOCS_WSL } };
    }
    if (kernel && /^\d+\.\d+/.test(kernel) && compareRelease(kernel, MIN_KERNEL) < 0) {
      return { status: 'fail', code: 'kernel-too-old', message: 'kernelTooOld', data: { kernel, minimum: MIN_KERNEL }, fix: { explain: 'kernelFix', commands: upgradeKernel(f), docs: DOCS } };
    }

    const [eng, fsStat, overlay] = await Promise.all([engine(ctx, f), ctx.files.statfs('/sys/fs/cgroup'), overlayState(ctx, f.kernel)]);
    const cgroup = !fsStat.ok ? 'unknown' : fsStat.type === CGROUP2_MAGIC ? 'v2' : 'v1';
    const data = { arch: f.arch, kernel, cgroup, overlay, engine: eng?.version ?? null, source: eng?.source ?? null };
    if (cgroup === 'v2' && eng && compareRelease(eng.version, CGROUP2_ENGINE) < 0) {
      const commands = eng.package ? ['sudo apt-get update', `sudo apt-get install --only-upgrade ${eng.package}`] : installDocker(f).commands;
      return { status: 'fail', code: 'cgroup2-engine-too-old', message: 'cgroup2', data, fix: { explain: 'cgroup2Fix', commands, docs: DOCS_CGROUP } };
    }
    if (kernel && /^\d+\.\d+/.test(kernel) && compareRelease(kernel, OVERLAY2_KERNEL) < 0) {
      return { status: 'warn', code: 'kernel-old', message: 'kernelOld', data: { ...data, minimum: OVERLAY2_KERNEL }, fix: { explain: 'kernelFix', commands: upgradeKernel(f), docs: DOCS_OVERLAY } };
    }
    if (overlay === 'missing') {
      return {
        status: 'warn', code: 'overlay-missing', message: 'overlayMissing', data,
        fix: { explain: 'overlayFix', commands: ['sudo modprobe overlay', 'echo overlay | sudo tee /etc/modules-load.d/overlay.conf'], docs: DOCS_OVERLAY },
      };
    }
    if (f.arch === 'arm') {
      return { status: 'warn', code: 'arm-32bit', message: 'arm32', data, fix: { explain: 'arm32Fix', commands: [], docs: DOCS } };
    }
    return { status: 'pass', code: 'ok', message: eng ? 'okEngine' : 'ok', data };
  },
});
