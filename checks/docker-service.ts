import { defineCheck, type CheckResult } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import { otherDaemon } from '../src/lib/daemon-control.js';
import { dockerWithoutApt } from '../src/lib/docker-without-apt.js';
import { daemonLogCommands, startDaemonCommands } from '../src/lib/init-system.js';
import { installDocker } from '../src/lib/install-docker.js';
import { effectiveValues, loadUnit, parseShow, unitSources, wslSystemdOn, type LoadedUnit } from '../src/lib/systemd-unit.js';

// Is the Docker service set up to run, and does it? Files say whether docker.service and
// docker.socket are installed, masked and enabled (also under --root); systemctl says whether
// it runs or failed (live only). A daemon that answers at the chosen endpoint (rootless, Docker
// Desktop, started by hand, remote) makes an idle docker.service harmless: no alarm then.
const DOCS = 'https://docs.docker.com/engine/daemon/start/';
const DOCS_WSL = 'https://learn.microsoft.com/windows/wsl/systemd';
const DOCS_TROUBLESHOOT = 'https://docs.docker.com/engine/daemon/troubleshoot/';
const WANTS = '/etc/systemd/system';
const SHOW_PROPS = 'LoadState,ActiveState,SubState,Result,ExecMainStatus,UnitFileState';

const messages = {
  active: { en: 'docker.service is active ({subState}) and enabled at boot.', 'zh-CN': 'docker.service 正在运行（{subState}），并已设置为开机启动。' },
  enabled: {
    en: 'docker.service ({unit}) is installed and enabled at boot ({enabledBy}); whether it runs can only be seen on the live system.',
    'zh-CN': 'docker.service（{unit}）已安装并设置为开机启动（{enabledBy}）；它是否在运行只能在实际系统上查看。',
  },
  runningWithoutService: {
    en: 'The daemon at {endpoint} answers although docker.service is {state}: it runs without the system service (rootless, Docker Desktop, started by hand or on another host), which is fine.',
    'zh-CN': '{endpoint} 上的守护进程有响应，但 docker.service 的状态是 {state}：它不是通过系统服务运行的（rootless、Docker Desktop、手动启动或在其他主机上），这没有问题。',
  },
  runningNoSystemd: {
    en: 'The daemon at {endpoint} answers; this system has no systemd, so it runs without a service manager (init script, started by hand, or elsewhere), which is fine.',
    'zh-CN': '{endpoint} 上的守护进程有响应；该系统没有 systemd，因此它不是由服务管理器运行的（init 脚本、手动启动或在其他地方运行），这没有问题。',
  },
  runningStateUnknown: {
    en: 'The daemon at {endpoint} answers; systemctl did not say the state of docker.service, which does not matter while the daemon answers.',
    'zh-CN': '{endpoint} 上的守护进程有响应；systemctl 没有给出 docker.service 的状态，但只要守护进程有响应，这就无关紧要。',
  },
  otherDaemon: {
    en: 'Skipped: {endpoint} belongs to another daemon ({kind}), not to the system\'s docker.service; daemon-reachable says whether it answers and how to start it.',
    'zh-CN': '已跳过：{endpoint} 属于另一个守护进程（{kind}），而不是系统的 docker.service；它是否响应以及如何启动，请看 daemon-reachable 检查。',
  },
  notAnswering: {
    en: 'Skipped: dockerd is running ({evidence}) but does not answer at {endpoint}; daemon-reachable says why.',
    'zh-CN': '已跳过：dockerd 正在运行（{evidence}），但在 {endpoint} 上没有响应；原因请看 daemon-reachable 检查。',
  },
  notEnabled: {
    en: 'docker.service is {state} but not enabled ({unitFileState}): after a reboot Docker will not start by itself.',
    'zh-CN': 'docker.service 当前为 {state}，但没有设置开机启动（{unitFileState}）：重启后 Docker 不会自动启动。',
  },
  notEnabledTree: {
    en: 'docker.service ({unit}) is installed but not enabled: no docker.service or docker.socket link in {wantsDirs}, so Docker does not start at boot.',
    'zh-CN': 'docker.service（{unit}）已安装但未设置开机启动：{wantsDirs} 中没有 docker.service 或 docker.socket 的链接，因此 Docker 不会随系统启动。',
  },
  enableFix: { en: 'Enable the service and its socket so that Docker starts at boot.', 'zh-CN': '启用该服务及其套接字，使 Docker 随系统启动。' },
  notInstalled: {
    en: 'There is no docker.service unit (looked in {dirs}) and no daemon answers at {endpoint}: the Docker Engine is not installed, or not as a service.',
    'zh-CN': '没有找到 docker.service 单元（查找了 {dirs}），{endpoint} 上也没有守护进程响应：Docker Engine 没有安装，或者没有作为服务安装。',
  },
  notInstalledTree: {
    en: 'There is no docker.service unit in the tree (looked in {dirs}): the Docker Engine is not installed as a service.',
    'zh-CN': '该目录树中没有 docker.service 单元（查找了 {dirs}）：Docker Engine 没有作为服务安装。',
  },
  installFix: { en: "Install the Docker Engine from Docker's repository (the commands follow Docker's install guide).", 'zh-CN': '从 Docker 官方软件源安装 Docker Engine（命令与 Docker 安装指南一致）。' },
  masked: {
    en: 'docker.service is masked ({maskedAt} links to /dev/null): systemd refuses to start it, "Unit docker.service is masked."',
    'zh-CN': 'docker.service 已被屏蔽（{maskedAt} 指向 /dev/null）：systemd 会拒绝启动它，提示 "Unit docker.service is masked."',
  },
  maskedFix: { en: 'Unmask the service and its socket, then enable and start Docker.', 'zh-CN': '取消屏蔽该服务及其套接字，然后启用并启动 Docker。' },
  failed: {
    en: 'docker.service has failed ({state}, result {result}, exit status {exitStatus}): dockerd does not stay up. systemctl only says "Job for docker.service failed" or "Start request repeated too quickly".',
    'zh-CN': 'docker.service 启动失败（{state}，结果 {result}，退出码 {exitStatus}）：dockerd 无法保持运行。systemctl 只会提示 "Job for docker.service failed" 或 "Start request repeated too quickly"。',
  },
  failedFix: {
    en: 'Read why in the journal (the first command). Most often dockerd refuses /etc/docker/daemon.json: see the daemon-config check. After fixing the cause, clear the failed state and start it again.',
    'zh-CN': '先查看日志中的原因（第一条命令）。最常见的原因是 dockerd 拒绝了 /etc/docker/daemon.json：请查看 daemon-config 检查。修复原因后，清除失败状态并重新启动。',
  },
  starting: { en: 'docker.service is still starting ({state}/{subState}) and the daemon does not answer yet.', 'zh-CN': 'docker.service 仍在启动中（{state}/{subState}），守护进程尚未响应。' },
  startingFix: {
    en: 'Wait a moment and run docker-doctor again; if it stays like this, the status and the journal say what it waits for.',
    'zh-CN': '稍等片刻后重新运行 docker-doctor；如果一直如此，请查看服务状态和日志，了解它在等待什么。',
  },
  inactive: {
    en: 'docker.service is not running ({state}, {unitFileState}) and no daemon answers at {endpoint}.',
    'zh-CN': 'docker.service 没有运行（{state}，{unitFileState}），{endpoint} 上也没有守护进程响应。',
  },
  startFix: { en: 'Enable and start the Docker service; when it does not stay up, its status and journal say why.', 'zh-CN': '启用并启动 Docker 服务；如果它无法保持运行，请查看服务状态和日志了解原因。' },
  noSystemd: {
    en: 'This system does not run systemd as PID 1 (a container, WSL without systemd, some VPS), so systemctl cannot start Docker ("System has not been booted with systemd as init system"), and no daemon answers at {endpoint}.',
    'zh-CN': '该系统的 1 号进程不是 systemd（容器、未启用 systemd 的 WSL、部分 VPS），因此无法用 systemctl 启动 Docker（"System has not been booted with systemd as init system"），{endpoint} 上也没有守护进程响应。',
  },
  noSystemdFix: { en: 'Start Docker with its init script instead; its log is in /var/log/docker.log.', 'zh-CN': '改用 init 脚本启动 Docker；它的日志位于 /var/log/docker.log。' },
  noSystemdNoScriptFix: {
    en: 'There is no /etc/init.d/docker script either: start dockerd yourself in the background (the first command) and read its log.',
    'zh-CN': '系统中也没有 Docker 的 init 脚本：请在后台手动启动 dockerd（第一条命令），并查看它的日志。',
  },
  wslNoSystemd: {
    en: 'This WSL distribution runs without systemd, so systemctl cannot start Docker ("System has not been booted with systemd as init system"), and no daemon answers at {endpoint}.',
    'zh-CN': '该 WSL 发行版没有启用 systemd，因此无法用 systemctl 启动 Docker（"System has not been booted with systemd as init system"），{endpoint} 上也没有守护进程响应。',
  },
  wslFix: {
    en: 'Start Docker now with its init script (first command), or let WSL boot with systemd: add [boot] systemd=true to /etc/wsl.conf, then run wsl.exe --shutdown (in PowerShell, cmd or this shell; it stops every WSL distribution) and open the distribution again.',
    'zh-CN': '可以先用 init 脚本立即启动 Docker（第一条命令）；或者让 WSL 以 systemd 启动：在 /etc/wsl.conf 中加入 [boot] systemd=true，然后运行 wsl.exe --shutdown（在 PowerShell、cmd 或当前 shell 中均可；它会停止所有 WSL 发行版），再重新打开该发行版。',
  },
  wslPendingFix: {
    en: '/etc/wsl.conf already enables systemd, but WSL has not restarted since: run wsl.exe --shutdown (in PowerShell, cmd or this shell; it stops every WSL distribution) and open the distribution again. Or start Docker now with its init script.',
    'zh-CN': '/etc/wsl.conf 已经启用了 systemd，但 WSL 之后还没有重启：请运行 wsl.exe --shutdown（在 PowerShell、cmd 或当前 shell 中均可；它会停止所有 WSL 发行版），然后重新打开该发行版。也可以先用 init 脚本立即启动 Docker。',
  },
  noSystemdTree: {
    en: 'Skipped: the tree has no systemd (no /lib/systemd/systemd), and whether a SysV service runs cannot be told from files.',
    'zh-CN': '已跳过：该目录树中没有 systemd（没有 /lib/systemd/systemd），而 SysV 服务是否运行无法从文件判断。',
  },
  stateUnknown: { en: 'Skipped: systemctl did not say the state of docker.service ({detail}).', 'zh-CN': '已跳过：systemctl 没有给出 docker.service 的状态（{detail}）。' },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

interface FileState {
  service: LoadedUnit;
  socket: LoadedUnit;
  /** The .wants links that enable either unit. */
  enabledBy: string[];
  wantsDirs: string[];
}

async function wantedBy(ctx: CheckContext, u: LoadedUnit, fallback: string): Promise<string[]> {
  const targets = effectiveValues(unitSources(u), 'Install', 'WantedBy').flatMap((l) => l.value.split(/\s+/));
  const dirs = (targets.length ? targets : [fallback]).map((t) => `${WANTS}/${t}.wants`);
  const links = await Promise.all(dirs.map(async (d) => ((await ctx.files.lstat(`${d}/${u.name}`)).ok ? `${d}/${u.name}` : undefined)));
  return links.filter((l): l is string => Boolean(l));
}

async function fileState(ctx: CheckContext): Promise<FileState> {
  const [service, socket] = await Promise.all([loadUnit(ctx.files, 'docker.service'), loadUnit(ctx.files, 'docker.socket')]);
  const [a, b] = await Promise.all([wantedBy(ctx, service, 'multi-user.target'), wantedBy(ctx, socket, 'sockets.target')]);
  return { service, socket, enabledBy: [...a, ...b], wantsDirs: [`${WANTS}/multi-user.target.wants`, `${WANTS}/sockets.target.wants`] };
}

function masked(fs: FileState, f: HostFacts): Result {
  return {
    status: 'fail', code: 'masked', message: 'masked', data: { maskedAt: fs.service.masked ?? `${WANTS}/docker.service`, systemd: f.systemd },
    fix: { explain: 'maskedFix', commands: ['sudo systemctl unmask docker.service docker.socket', 'sudo systemctl enable --now docker'], docs: DOCS },
  };
}

function notInstalled(f: HostFacts, data: Record<string, string | null>, rooted: boolean): Result {
  const advice = installDocker(f);
  return {
    status: rooted ? 'warn' : 'fail', code: 'not-installed', message: rooted ? 'notInstalledTree' : 'notInstalled',
    data: { ...data, dirs: '/etc/systemd/system, /lib/systemd/system, /usr/lib/systemd/system' },
    fix: { explain: 'installFix', commands: advice.commands, docs: advice.docs },
  };
}

export default defineCheck<M>({
  id: 'docker-service',
  title: { en: 'Docker service (systemd)', 'zh-CN': 'Docker 服务（systemd）' },
  category: 'daemon',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    active: 'docker.service is active and enabled (live).',
    enabled: 'Under --root: docker.service is installed and docker.service or docker.socket is enabled (a .wants link).',
    'running-without-service': 'The daemon at the endpoint answers /_ping while docker.service is inactive or absent (rootless, Docker Desktop, by hand, remote): fine.',
    'not-enabled': 'Installed (and maybe running) but neither docker.service nor docker.socket is enabled: Docker will not start at boot.',
    'not-installed': 'No docker.service unit in /etc, /run, /lib or /usr/lib systemd directories and no daemon answers (fail; warn under --root).',
    masked: 'docker.service is masked (a symlink to /dev/null): systemd refuses to start it.',
    failed: 'docker.service is in the failed state or in a restart loop (data.result, data.exitStatus).',
    starting: 'docker.service is activating and the daemon does not answer yet.',
    inactive: 'docker.service is installed but not running, and no daemon answers.',
    'no-systemd': 'PID 1 is not systemd (not WSL) and no daemon answers: use the init script.',
    'wsl-no-systemd': 'WSL without systemd and no daemon answers: service docker start, or [boot] systemd=true in /etc/wsl.conf (data.wslConf says whether it is already set).',
    'other-daemon': 'No daemon answers, and the endpoint is not the system daemon (rootless, Docker Desktop, another host; snap; desktop-wsl: the CLI is linked from Docker Desktop into WSL): daemon-reachable owns that (skip).',
    'not-answering': 'dockerd runs (a live pid file, or a connection that hangs) but does not answer: daemon-reachable owns that (skip).',
    'no-systemd-tree': 'Under --root: the tree has no systemd, so the service state cannot be judged from files (skip).',
    'state-unknown': 'systemctl show gave no usable answer (skip; data.detail).',
  },
  messages,
  // the shared /_ping may take --timeout when the daemon hangs, then one systemctl call
  deadlineMs: (t) => 2 * t + 2000,
  async run(ctx): Promise<Result> {
    const f = await ctx.facts();
    const fs = await fileState(ctx);
    const unit = fs.service.main?.path ?? null;
    const enabledBy = fs.enabledBy.join(', ') || null;

    if (ctx.rooted) {
      if (!f.systemd) return { status: 'skip', code: 'no-systemd-tree', message: 'noSystemdTree', data: {} };
      if (fs.service.masked) return masked(fs, f);
      if (!fs.service.main) return notInstalled(f, { unit }, true);
      if (!fs.enabledBy.length) {
        return {
          status: 'warn', code: 'not-enabled', message: 'notEnabledTree', data: { unit, wantsDirs: fs.wantsDirs.join(', ') },
          fix: { explain: 'enableFix', commands: ['sudo systemctl enable docker.service docker.socket'], docs: DOCS },
        };
      }
      return { status: 'pass', code: 'enabled', message: 'enabled', data: { unit, enabledBy } };
    }

    const endpoint = await ctx.docker.endpoint();
    const url = endpoint.ok ? endpoint.endpoint.url : endpoint.value;
    const ping = await ctx.docker.ping();
    const answers = ping.ok && ping.status === 200;
    // connected but silent: a daemon is there, hung (daemon-reachable reports it)
    const hung = !ping.ok && ping.reason === 'timeout' && ping.connected;
    const notAnswering = (evidence: string): Result => ({ status: 'skip', code: 'not-answering', message: 'notAnswering', data: { endpoint: url, evidence } });
    // enabling or installing the system daemon would be the wrong advice for these
    const other = !answers && endpoint.ok ? (otherDaemon(endpoint.endpoint, f.platform) ?? (await notAService(ctx, fs))) : undefined;
    if (other) return { status: 'skip', code: 'other-daemon', message: 'otherDaemon', data: { endpoint: url, kind: other } };

    if (!f.systemd) {
      if (answers) return { status: 'pass', code: 'running-without-service', message: 'runningNoSystemd', data: { endpoint: url, state: 'no-systemd' } };
      if (hung) return notAnswering('connection accepted, no answer');
      const pid = await livePidFile(ctx);
      if (pid) return notAnswering(`pid ${pid}`);
      const script = await ctx.files.exists('/etc/init.d/docker');
      const start = script ? [...startDaemonCommands(f), ...daemonLogCommands(f)] : ["sudo sh -c 'dockerd > /var/log/dockerd.log 2>&1 &'", 'sudo tail -n 50 /var/log/dockerd.log'];
      if (f.wsl) {
        const conf = (await ctx.files.text('/etc/wsl.conf', { maxBytes: 64 * 1024 })) ?? '';
        const pending = wslSystemdOn(conf);
        const commands = pending
          ? ['wsl.exe --shutdown', ...start]
          : [...start.slice(0, 1), `printf '\\n[boot]\\nsystemd=true\\n' | sudo tee -a /etc/wsl.conf`, 'wsl.exe --shutdown'];
        return {
          status: 'fail', code: 'wsl-no-systemd', message: 'wslNoSystemd', data: { endpoint: url, wslConf: pending ? 'systemd=true' : 'absent', initScript: script },
          fix: { explain: pending ? 'wslPendingFix' : 'wslFix', commands, docs: DOCS_WSL },
        };
      }
      return {
        status: 'fail', code: 'no-systemd', message: 'noSystemd', data: { endpoint: url, initScript: script },
        fix: { explain: script ? 'noSystemdFix' : 'noSystemdNoScriptFix', commands: start, docs: DOCS },
      };
    }

    const r = await ctx.exec('systemctl', ['show', 'docker.service', 'docker.socket', `--property=${SHOW_PROPS}`, '--no-pager'], { timeoutMs: ctx.options.timeoutMs });
    const [svc, sock] = parseShow(r.stdout);
    if (!svc?.ActiveState) {
      if (answers) return { status: 'pass', code: 'running-without-service', message: 'runningStateUnknown', data: { endpoint: url, state: 'unknown' } };
      const detail = r.notFound ? 'systemctl not found' : r.timedOut ? 'timed out' : (r.stderr.trim().split('\n')[0] ?? '').slice(0, 200) || `exit ${r.exitCode}`;
      return { status: 'skip', code: 'state-unknown', message: 'stateUnknown', data: { detail } };
    }
    const state = svc.ActiveState;
    const subState = svc.SubState ?? '';
    const unitFileState = svc.UnitFileState || (fs.enabledBy.length ? 'enabled' : 'disabled');
    const isEnabled = [svc.UnitFileState, sock?.UnitFileState].some((s) => s === 'enabled' || s === 'enabled-runtime' || s === 'static' || s === 'indirect') || (!svc.UnitFileState && fs.enabledBy.length > 0);
    const data = { endpoint: url, unit, state, subState, unitFileState, result: svc.Result ?? null, exitStatus: svc.ExecMainStatus ?? null };

    if (answers && state !== 'active') return { status: 'pass', code: 'running-without-service', message: 'runningWithoutService', data };
    if (svc.LoadState === 'masked' || fs.service.masked) return masked(fs, f);
    if (state === 'active' || state === 'reloading') {
      if (isEnabled) return { status: 'pass', code: 'active', message: 'active', data };
      return {
        status: 'warn', code: 'not-enabled', message: 'notEnabled', data,
        fix: { explain: 'enableFix', commands: ['sudo systemctl enable docker.service docker.socket'], docs: DOCS },
      };
    }
    if (hung) return notAnswering('connection accepted, no answer');
    if (svc.LoadState === 'not-found' || (!fs.service.main && svc.LoadState !== 'loaded')) return notInstalled(f, data, false);
    if (state === 'failed' || subState === 'auto-restart') {
      return {
        status: 'fail', code: 'failed', message: 'failed', data,
        fix: { explain: 'failedFix', commands: [...daemonLogCommands(f), 'sudo systemctl reset-failed docker', 'sudo systemctl restart docker'], docs: DOCS_TROUBLESHOOT },
      };
    }
    if (state === 'activating') {
      return {
        status: 'warn', code: 'starting', message: 'starting', data,
        fix: { explain: 'startingFix', commands: ['sudo systemctl status docker --no-pager', ...daemonLogCommands(f)], docs: DOCS_TROUBLESHOOT },
      };
    }
    return {
      status: 'fail', code: 'inactive', message: 'inactive', data,
      fix: { explain: 'startFix', commands: [...startDaemonCommands(f), ...daemonLogCommands(f)], docs: DOCS },
    };
  },
});

/** A snap docker or Docker Desktop's WSL integration, and no docker.service of the system's own. */
async function notAService(ctx: CheckContext, fs: FileState): Promise<'snap' | 'desktop-wsl' | undefined> {
  if (fs.service.main || fs.service.masked) return undefined;
  return (await dockerWithoutApt(ctx.files))?.kind;
}

/** dockerd's default pid file, when it names a running dockerd (a SysV-started daemon). */
async function livePidFile(ctx: CheckContext): Promise<number | undefined> {
  const text = await ctx.files.text('/var/run/docker.pid', { maxBytes: 64 });
  const pid = text && /^\s*(\d{1,9})\s*$/.exec(text)?.[1];
  if (!pid) return undefined;
  const comm = await ctx.files.text(`/proc/${pid}/comm`, { maxBytes: 64 });
  return comm?.trim() === 'dockerd' ? Number(pid) : undefined;
}
