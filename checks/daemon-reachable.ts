import { defineCheck, type CheckResult, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import { DEFAULT_NPIPE, DEFAULT_UNIX, type EndpointResolution } from '../src/docker/endpoint.js';
import type { ApiResponse, Endpoint, HostFacts } from '../src/host/types.js';
import { daemonKind, restartCommands, rootlessOwner, startCommands, type DaemonKind } from '../src/lib/daemon-control.js';
import { parseGroupFile } from '../src/lib/etc-group.js';
import { restartDaemonCommands } from '../src/lib/init-system.js';
import { isStopped, parsePids, parseProcStatus } from '../src/lib/proc-status.js';
import { psQuote, shQuote } from '../src/lib/shell-quote.js';
import { cleanValue } from '../src/sanitize.js';

const DOCS = 'https://docs.docker.com/engine/daemon/start/';
const DOCS_POSTINSTALL = 'https://docs.docker.com/engine/install/linux-postinstall/';
const DOCS_ROOTLESS = 'https://docs.docker.com/engine/security/rootless/';
const DOCS_DESKTOP = 'https://docs.docker.com/desktop/';
const DOCS_TROUBLESHOOT = 'https://docs.docker.com/engine/daemon/troubleshoot/';
const DOCS_TLS = 'https://docs.docker.com/engine/security/protect-access/';
const DOCS_CONTEXT = 'https://docs.docker.com/engine/manage-resources/contexts/';
const DOCS_WIN_USERS = 'https://docs.docker.com/desktop/setup/install/windows-permission-requirements/';

const messages = {
  reachable: { en: 'The Docker daemon at {endpoint} answers (API {apiVersion}).', 'zh-CN': '{endpoint} 上的 Docker 守护进程响应正常（API {apiVersion}）。' },
  noEndpoint: { en: 'Skipped: there is no usable Docker endpoint ({detail}); see docker-context.', 'zh-CN': '已跳过：没有可用的 Docker 端点（{detail}）；请查看 docker-context 检查。' },
  unsupportedEndpoint: {
    en: 'Skipped: {endpoint} is reached through {scheme}://, which docker-doctor does not probe; run docker-doctor on that host instead.',
    'zh-CN': '已跳过：{endpoint} 通过 {scheme}:// 访问，docker-doctor 不探测这类端点；请在该主机上运行 docker-doctor。',
  },
  socketMissing: {
    en: 'No Docker daemon is running at {endpoint} (from {source}): {socket} does not exist.',
    'zh-CN': '{endpoint}（来源：{source}）上没有运行中的 Docker 守护进程：{socket} 不存在。',
  },
  socketMissingDesktop: {
    en: 'Docker Desktop is not running: {socket} does not exist.',
    'zh-CN': 'Docker Desktop 没有运行：{socket} 不存在。',
  },
  staleSocket: {
    en: 'A socket is left at {socket} but nothing listens on it (connection refused): the daemon has stopped or crashed.',
    'zh-CN': '{socket} 处留有套接字文件，但没有进程在监听（连接被拒绝）：守护进程已停止或崩溃。',
  },
  notSocket: {
    en: '{socket} is a {fileType}, not a socket (a container started with -v {socket}:... while the daemon was down creates it as a directory).',
    'zh-CN': '{socket} 的类型是 {fileType}，而不是套接字（守护进程未运行时用 -v {socket}:... 启动容器会把它创建成目录）。',
  },
  connectionRefused: { en: 'Nothing accepts connections at {endpoint} (connection refused).', 'zh-CN': '{endpoint} 拒绝连接，没有进程在该地址监听。' },
  permissionDenied: {
    en: 'Permission denied on {socket}: user {user} is not in the docker group.',
    'zh-CN': '访问 {socket} 被拒绝：用户 {user} 不在 docker 用户组中。',
  },
  groupNotActive: {
    en: 'Permission denied on {socket}: user {user} is listed in the docker group, but this login session started before that and does not have the group yet.',
    'zh-CN': '访问 {socket} 被拒绝：用户 {user} 已在 docker 用户组中，但当前登录会话是在加入之前开始的，还没有获得该组权限。',
  },
  noDockerGroup: {
    en: 'Permission denied on {socket}: there is no docker group on this system, so only root can use the socket.',
    'zh-CN': '访问 {socket} 被拒绝：系统中没有 docker 用户组，因此只有 root 能使用该套接字。',
  },
  badSocket: {
    en: 'Permission denied on {socket}: it belongs to group {group} with mode {mode}; it should be group docker with mode 0660.',
    'zh-CN': '访问 {socket} 被拒绝：它属于用户组 {group}，权限为 {mode}；应为 docker 组、权限 0660。',
  },
  permissionsBlocked: {
    en: 'Permission denied on {socket} although user {user} has the docker group: a directory on the way or a security module (SELinux, AppArmor) blocks it.',
    'zh-CN': '用户 {user} 已拥有 docker 组权限，但访问 {socket} 仍被拒绝：路径上的某个目录或安全模块（SELinux、AppArmor）阻止了访问。',
  },
  rootlessOther: {
    en: 'Permission denied on {socket}: it is the rootless Docker daemon of another user (uid {owner}).',
    'zh-CN': '访问 {socket} 被拒绝：这是另一个用户（uid {owner}）的 rootless Docker 守护进程。',
  },
  rootlessOwn: {
    en: 'Permission denied on your own rootless Docker socket {socket}: its permissions were changed.',
    'zh-CN': '访问你自己的 rootless Docker 套接字 {socket} 被拒绝：它的权限被修改过。',
  },
  permissionDeniedWindows: {
    en: 'Access to {socket} was denied: user {user} is probably not in the docker-users group.',
    'zh-CN': '访问 {socket} 被拒绝：用户 {user} 可能不在 docker-users 用户组中。',
  },
  permissionDeniedDesktop: { en: 'Permission denied on {socket}.', 'zh-CN': '访问 {socket} 被拒绝。' },
  notResponding: {
    en: 'The Docker daemon at {endpoint} accepted the connection but did not answer within {timeoutMs} ms: it is hung.',
    'zh-CN': '{endpoint} 上的 Docker 守护进程接受了连接，但在 {timeoutMs} 毫秒内没有响应：它已卡死。',
  },
  notRespondingStopped: {
    en: 'The Docker daemon (pid {pid}) is stopped ({state}): something sent it SIGSTOP, so it accepts connections but never answers.',
    'zh-CN': 'Docker 守护进程（pid {pid}）处于暂停状态（{state}）：它收到了 SIGSTOP，因此能接受连接却永远不会响应。',
  },
  tlsError: { en: 'The TLS handshake with {endpoint} failed: {detail}', 'zh-CN': '与 {endpoint} 的 TLS 握手失败：{detail}' },
  tlsPlain: {
    en: 'The client uses TLS but the daemon at {endpoint} speaks plain HTTP: {detail}',
    'zh-CN': '客户端使用 TLS，但 {endpoint} 上的守护进程使用明文 HTTP：{detail}',
  },
  httpsNeeded: {
    en: 'The daemon at {endpoint} requires TLS: it answered "{detail}".',
    'zh-CN': '{endpoint} 上的守护进程要求 TLS：它回复了 "{detail}"。',
  },
  httpError: {
    en: 'Something answered at {endpoint}, but not like a Docker daemon (HTTP {status}: {detail}).',
    'zh-CN': '{endpoint} 有响应，但不像 Docker 守护进程（HTTP {status}：{detail}）。',
  },
  desktopNotReady: {
    en: 'Docker Desktop answered at {endpoint} with HTTP {status}: its engine is not running (yet).',
    'zh-CN': 'Docker Desktop 在 {endpoint} 返回了 HTTP {status}：它的引擎（还）没有运行。',
  },
  notHttp: {
    en: 'Something at {endpoint} does not speak HTTP ({detail}): it is not a Docker daemon.',
    'zh-CN': '{endpoint} 上的程序不使用 HTTP 协议（{detail}）：它不是 Docker 守护进程。',
  },
  hostUnreachable: { en: 'Cannot reach {host} for {endpoint}: {detail}', 'zh-CN': '无法连接到 {host}（{endpoint}）：{detail}' },
  // fixes
  startSystem: {
    en: 'Start the Docker daemon; when it does not stay up, its log says why.',
    'zh-CN': '启动 Docker 守护进程；如果它无法保持运行，请查看日志了解原因。',
  },
  startRootless: { en: 'Start your rootless Docker daemon; when it does not stay up, its log says why.', 'zh-CN': '启动你的 rootless Docker 守护进程；如果它无法保持运行，请查看日志了解原因。' },
  startDesktop: { en: 'Start Docker Desktop and wait until it says the engine is running.', 'zh-CN': '启动 Docker Desktop，并等待它显示引擎正在运行。' },
  startVm: { en: 'Start the virtual machine that {endpoint} belongs to.', 'zh-CN': '启动 {endpoint} 所属的虚拟机。' },
  startOrSwitch: {
    en: 'Start the daemon that {endpoint} belongs to, or, if that address is a leftover of {source}, switch back to the default daemon (the last command).',
    'zh-CN': '启动 {endpoint} 对应的守护进程；如果该地址是 {source} 遗留下来的，请切换回默认守护进程（最后一条命令）。',
  },
  removeNotSocket: {
    en: 'Remove it, then start the daemon: it creates the socket again.',
    'zh-CN': '删除它，然后启动守护进程：守护进程会重新创建套接字。',
  },
  tcpRefusedFix: {
    en: 'Check that the daemon on {host} listens on port {port} ("hosts" in daemon.json or -H), or switch back to the local default daemon.',
    'zh-CN': '确认 {host} 上的守护进程在 {port} 端口监听（daemon.json 中的 "hosts" 或 -H 参数），或切换回本机默认守护进程。',
  },
  usermodFix: {
    en: 'Add yourself to the docker group, then start a new login session (log out and in), or run newgrp docker in this terminal. Members of the docker group have root-equivalent access.',
    'zh-CN': '把自己加入 docker 用户组，然后重新登录（注销后再登录），或在当前终端运行 newgrp docker。docker 组的成员拥有等同 root 的权限。',
  },
  newgrpFix: {
    en: 'Do not add the user again: run newgrp docker in this terminal, or log out and in (desktop sessions may need a reboot; on WSL run wsl --terminate <distro> from Windows).',
    'zh-CN': '无需再次添加用户：在当前终端运行 newgrp docker，或注销后重新登录（桌面会话可能需要重启；WSL 中请在 Windows 上运行 wsl --terminate <发行版>）。',
  },
  groupaddFix: {
    en: 'Create the docker group and restart the daemon so that it hands the socket to that group, then add yourself. Never chmod 666 the socket: that gives every local user root.',
    'zh-CN': '创建 docker 用户组并重启守护进程，使套接字归属该组，然后把自己加入该组。切勿对套接字执行 chmod 666：那会让所有本地用户获得 root 权限。',
  },
  restartSocketFix: {
    en: 'Restart the daemon so that it recreates the socket as root:docker 0660 (check "group" in /etc/docker/daemon.json and the docker.socket unit). Never chmod 666 the socket.',
    'zh-CN': '重启守护进程，使其以 root:docker 0660 重新创建套接字（检查 /etc/docker/daemon.json 中的 "group" 以及 docker.socket 单元）。切勿对套接字执行 chmod 666。',
  },
  nameiFix: {
    en: 'namei -l shows the owner and mode of every directory on the way to the socket; each needs x permission for you. Check the audit log for SELinux or AppArmor denials.',
    'zh-CN': 'namei -l 会列出到套接字路径上每个目录的所有者和权限；每一级都需要对你有 x 权限。另请检查审计日志中 SELinux 或 AppArmor 的拒绝记录。',
  },
  rootlessOtherFix: {
    en: 'Use your own rootless daemon (below), or unset DOCKER_HOST to use the system daemon.',
    'zh-CN': '使用你自己的 rootless 守护进程（见下方命令），或取消 DOCKER_HOST 以使用系统守护进程。',
  },
  rootlessRestartFix: { en: 'Restart your rootless daemon: it recreates its socket.', 'zh-CN': '重启你的 rootless 守护进程：它会重新创建套接字。' },
  dockerUsersFix: {
    en: 'In an administrator PowerShell, add the user to the docker-users group, then sign out and sign in again.',
    'zh-CN': '在管理员权限的 PowerShell 中把该用户加入 docker-users 组，然后注销并重新登录。',
  },
  desktopRestartFix: { en: 'Restart Docker Desktop: it recreates the socket for your user.', 'zh-CN': '重启 Docker Desktop：它会为当前用户重新创建套接字。' },
  continueFix: { en: 'Let the daemon continue (or restart it).', 'zh-CN': '让守护进程继续运行（或重启它）。' },
  restartFix: {
    en: 'Restart the daemon; when it hangs again, its log says why (often storage or containerd).',
    'zh-CN': '重启守护进程；如果再次卡死，请查看日志了解原因（常见原因是存储或 containerd）。',
  },
  tlsFix: {
    en: 'Check that {certPath} holds ca.pem, cert.pem and key.pem made for this daemon, and that the daemon’s certificate names {host}.',
    'zh-CN': '确认 {certPath} 中有为该守护进程签发的 ca.pem、cert.pem 和 key.pem，并且守护进程证书中包含 {host}。',
  },
  tlsPlainFix: {
    en: 'Turn TLS off in the client (the daemon on port {port} does not use it), or enable TLS on the daemon.',
    'zh-CN': '在客户端关闭 TLS（{port} 端口上的守护进程不使用 TLS），或在守护进程上启用 TLS。',
  },
  tlsEnvFix: {
    en: 'Turn on TLS in the client and point DOCKER_CERT_PATH at the client certificates (ca.pem, cert.pem, key.pem).',
    'zh-CN': '在客户端启用 TLS，并将 DOCKER_CERT_PATH 指向客户端证书目录（ca.pem、cert.pem、key.pem）。',
  },
  httpErrorFix: {
    en: 'Check that {endpoint} is really a Docker daemon; if it is, restart it.',
    'zh-CN': '确认 {endpoint} 确实是 Docker 守护进程；如果是，请重启它。',
  },
  hostUnreachableFix: {
    en: 'Check the address and the network path to the host (VPN, firewall), or switch back to the local daemon.',
    'zh-CN': '检查地址以及到该主机的网络（VPN、防火墙），或切换回本机守护进程。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

export default defineCheck<M>({
  id: 'daemon-reachable',
  title: { en: 'Docker daemon reachable', 'zh-CN': 'Docker 守护进程可连接' },
  category: 'daemon',
  platforms: ['linux', 'darwin', 'win32'],
  dependsOn: ['docker-context'],
  docs: DOCS,
  codes: {
    reachable: 'GET /_ping answered like a Docker daemon (data.apiVersion from the Api-Version header).',
    'socket-missing': 'The unix socket or named pipe does not exist: the daemon is not running (or not installed).',
    'stale-socket': 'A socket file is there but nobody listens (ECONNREFUSED), or something else sits at the socket path.',
    'connection-refused': 'Nothing listens at the tcp:// address.',
    'permission-denied': 'The user may not open the socket: not in the docker group (Windows: docker-users), or another user’s rootless socket.',
    'docker-group-not-active': 'The user is listed in /etc/group’s docker line but the current session lacks the group: newgrp or a new login, not usermod.',
    'socket-permissions': 'The socket is not group docker / 0660, the docker group does not exist, or access is blocked although the session has the group.',
    'daemon-not-responding': 'Connected but no /_ping answer within --timeout; data.stopped=true and data.pid when the dockerd is SIGSTOPped.',
    'tls-error': 'The TLS handshake with a tcp:// daemon failed (certificates, or TLS against a plain-HTTP daemon).',
    'http-error': 'The peer answered but not as a Docker daemon: bad status, no Api-Version, not HTTP, or HTTP sent to an HTTPS daemon.',
    'host-unreachable': 'The tcp:// host cannot be reached (DNS, routing, or the connection attempt timed out).',
    'unsupported-endpoint': 'skip: ssh:// (or an endpoint that could not be resolved) is not probed.',
  },
  messages,
  async run(ctx) {
    const f = await ctx.facts();
    const r = await ctx.docker.endpoint();
    if (!r.ok) return { status: 'skip', code: 'unsupported-endpoint', message: 'noEndpoint', data: { detail: cleanValue(r.detail, 200) } };
    const ep = r.endpoint;
    const base: Data = { endpoint: ep.url, source: r.source, socket: ep.socketPath ?? null };
    if (!['unix', 'npipe', 'tcp', 'http', 'https'].includes(ep.scheme)) {
      return { status: 'skip', code: 'unsupported-endpoint', message: 'unsupportedEndpoint', data: { ...base, scheme: ep.scheme } };
    }
    const ping = await ctx.docker.ping();
    if (ping.ok) return answered(ping, f, r, base);
    const detail = cleanValue(ping.detail, 200);
    const local = ep.scheme === 'unix' || ep.scheme === 'npipe';
    switch (ping.reason) {
      case 'no-endpoint':
        return { status: 'skip', code: 'unsupported-endpoint', message: 'noEndpoint', data: { detail } };
      case 'unsupported-endpoint':
        return { status: 'skip', code: 'unsupported-endpoint', message: 'unsupportedEndpoint', data: { ...base, scheme: ep.scheme } };
      case 'socket-missing':
        return socketMissing(f, r, base);
      case 'connection-refused':
        return local ? staleSocket(ctx, f, r, base) : tcpRefused(f, r, { ...base, host: ep.host ?? null, port: ep.port ?? null });
      case 'permission-denied':
        return permission(ctx, f, r, base);
      case 'timeout':
        if (local || ping.connected) return notResponding(ctx, f, r, base);
        return hostUnreachable(f, r, { ...base, host: ep.host ?? null, detail });
      case 'tls-error':
        return tlsError(f, r, { ...base, detail });
      case 'protocol-error':
        return { status: 'fail', code: 'http-error', message: 'notHttp', data: { ...base, detail }, fix: { explain: 'httpErrorFix', commands: switchBack(r, f.platform), docs: DOCS_CONTEXT } };
      case 'host-unreachable':
        return hostUnreachable(f, r, { ...base, host: ep.host ?? null, detail });
      default:
        // an errno we did not foresee (ENOTSOCK, EMFILE ...): say what is at the path
        if (!local) return hostUnreachable(f, r, { ...base, host: ep.host ?? null, detail });
        if (ep.scheme === 'unix' && !(await ctx.files.exists(ep.socketPath!))) return socketMissing(f, r, base);
        return staleSocket(ctx, f, r, { ...base, detail });
    }
  },
});

const isWin = (f: HostFacts) => f.platform === 'win32';

/** Commands that return to the platform's default daemon, when the endpoint came from elsewhere. */
function switchBack(r: Extract<EndpointResolution, { ok: true }>, platform: string): string[] {
  if (r.endpoint.url === (platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX)) return [];
  const win = platform === 'win32';
  switch (r.source) {
    case 'DOCKER_HOST':
      return [win ? 'Remove-Item Env:DOCKER_HOST' : 'unset DOCKER_HOST'];
    case 'DOCKER_CONTEXT':
      return [win ? 'Remove-Item Env:DOCKER_CONTEXT' : 'unset DOCKER_CONTEXT'];
    case 'config':
      return ['docker context use default'];
    default:
      // --host / --context on our own command line, or already the default
      return [];
  }
}

function kindOf(f: HostFacts, ep: Endpoint): DaemonKind {
  return ep.scheme === 'unix' || ep.scheme === 'npipe' ? daemonKind(ep.socketPath, f.platform) : 'system';
}

function startFix(f: HostFacts, r: Extract<EndpointResolution, { ok: true }>) {
  const ep = r.endpoint;
  const kind = kindOf(f, ep);
  const commands = startCommands(kind, f, ep.socketPath);
  const back = switchBack(r, f.platform);
  const explain: M = back.length
    ? 'startOrSwitch'
    : kind === 'rootless'
      ? 'startRootless'
      : kind === 'desktop' || kind === 'desktop-linux'
        ? 'startDesktop'
        : kind === 'system'
          ? 'startSystem'
          : 'startVm';
  const docs = kind === 'rootless' ? DOCS_ROOTLESS : kind.startsWith('desktop') ? DOCS_DESKTOP : DOCS;
  return { explain, commands: [...commands, ...back], docs };
}

function socketMissing(f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, data: Data): Result {
  const desktop = kindOf(f, r.endpoint) === 'desktop' && r.source === 'default';
  return { status: 'fail', code: 'socket-missing', message: desktop ? 'socketMissingDesktop' : 'socketMissing', data, fix: startFix(f, r) };
}

async function staleSocket(ctx: CheckContext, f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, data: Data): Promise<Result> {
  const path = r.endpoint.socketPath!;
  const st = r.endpoint.scheme === 'unix' ? await ctx.files.lstat(path) : undefined;
  if (st?.ok && st.type !== 'socket' && st.type !== 'symlink') {
    const remove = st.type === 'directory' ? `sudo rmdir ${shQuote(path)}` : `sudo rm ${shQuote(path)}`;
    const start = startFix(f, r);
    return {
      status: 'fail', code: 'stale-socket', message: 'notSocket', data: { ...data, fileType: st.type },
      fix: { explain: 'removeNotSocket', commands: [remove, ...start.commands], docs: start.docs },
    };
  }
  return { status: 'fail', code: 'stale-socket', message: 'staleSocket', data, fix: startFix(f, r) };
}

function tcpRefused(f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, data: Data): Result {
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(r.endpoint.host ?? '');
  const commands = [...(loopback && f.platform === 'linux' ? startCommands('system', f) : []), ...switchBack(r, f.platform)];
  return { status: 'fail', code: 'connection-refused', message: 'connectionRefused', data, fix: { explain: 'tcpRefusedFix', commands, docs: DOCS } };
}

function hostUnreachable(f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, data: Data): Result {
  return { status: 'fail', code: 'host-unreachable', message: 'hostUnreachable', data, fix: { explain: 'hostUnreachableFix', commands: switchBack(r, f.platform), docs: DOCS_CONTEXT } };
}

function tlsError(f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, data: Data): Result {
  const ep = r.endpoint;
  const d = { ...data, host: ep.host ?? null, port: ep.port ?? null };
  if (/EPROTO|wrong.version.number|packet.length.too.long/i.test(String(data.detail))) {
    // TLS without verification comes from DOCKER_TLS (docker --tls), with it from DOCKER_TLS_VERIFY
    const variable = ep.tls?.verify === false ? 'DOCKER_TLS' : 'DOCKER_TLS_VERIFY';
    const commands = [isWin(f) ? `Remove-Item Env:${variable}` : `unset ${variable}`];
    return { status: 'fail', code: 'tls-error', message: 'tlsPlain', data: d, fix: { explain: 'tlsPlainFix', commands, docs: DOCS_TLS } };
  }
  const certPath = ep.tls?.certPath ?? (isWin(f) ? '$HOME\\.docker' : '~/.docker');
  const q = (s: string) => (s.startsWith('~/') || s.startsWith('$HOME') ? s : isWin(f) ? psQuote(s) : shQuote(s));
  const commands = isWin(f)
    ? [`Get-ChildItem ${q(certPath)}`]
    : [
        `ls -l ${q(certPath)}`,
        `openssl s_client -connect ${shQuote(`${ep.host}:${ep.port}`)} -CAfile ${q(`${certPath}/ca.pem`)} -cert ${q(`${certPath}/cert.pem`)} -key ${q(`${certPath}/key.pem`)} </dev/null`,
      ];
  return { status: 'fail', code: 'tls-error', message: 'tlsError', data: { ...d, certPath }, fix: { explain: 'tlsFix', commands, docs: DOCS_TLS } };
}

const API_VERSION = /^\d{1,3}\.\d{1,3}$/;

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function answered(ping: Extract<ApiResponse, { ok: true }>, f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, base: Data): Result {
  const apiVersion = header(ping.headers, 'api-version')?.trim() ?? '';
  const body = ping.encoding === 'utf8' ? ping.body : '';
  if (ping.status === 200 && API_VERSION.test(apiVersion) && body.trim() === 'OK') {
    return { status: 'pass', code: 'reachable', message: 'reachable', data: { ...base, apiVersion } };
  }
  const detail = cleanValue(body.split('\n').find((l) => l.trim()) ?? '', 120) || '-';
  const data = { ...base, status: ping.status, detail };
  if (ping.status === 400 && /HTTP request to an HTTPS server/i.test(body)) {
    const commands = isWin(f)
      ? ['$Env:DOCKER_TLS_VERIFY = "1"', '$Env:DOCKER_CERT_PATH = "$HOME\\.docker"']
      : ['export DOCKER_TLS_VERIFY=1', 'export DOCKER_CERT_PATH="$HOME/.docker"'];
    return { status: 'fail', code: 'http-error', message: 'httpsNeeded', data, fix: { explain: 'tlsEnvFix', commands, docs: DOCS_TLS } };
  }
  const kind = kindOf(f, r.endpoint);
  if (ping.status >= 500 && kind === 'desktop') {
    // Docker Desktop's proxy answers 500 on its pipe/socket while its engine is stopped
    return { status: 'fail', code: 'http-error', message: 'desktopNotReady', data, fix: { explain: 'startDesktop', commands: startCommands(kind, f), docs: DOCS_DESKTOP } };
  }
  const back = switchBack(r, f.platform);
  const commands = back.length ? back : restartCommands(kind, f, r.endpoint.socketPath);
  return { status: 'fail', code: 'http-error', message: 'httpError', data, fix: { explain: 'httpErrorFix', commands, docs: DOCS_TROUBLESHOOT } };
}

async function permission(ctx: CheckContext, f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, base: Data): Promise<Result> {
  const ep = r.endpoint;
  const user = f.user;
  const data: Data = { ...base, user: user.name };
  if (isWin(f) || ep.scheme === 'npipe') {
    return {
      status: 'fail', code: 'permission-denied', message: 'permissionDeniedWindows', data,
      fix: { explain: 'dockerUsersFix', commands: [`net localgroup docker-users ${psQuote(user.name)} /add`], docs: DOCS_WIN_USERS },
    };
  }
  if (f.platform === 'darwin' || ep.scheme !== 'unix') {
    return {
      status: 'fail', code: 'permission-denied', message: 'permissionDeniedDesktop', data,
      fix: { explain: 'desktopRestartFix', commands: restartCommands(kindOf(f, ep), f, ep.socketPath), docs: DOCS_DESKTOP },
    };
  }
  const socket = ep.socketPath!;
  const owner = rootlessOwner(socket);
  if (owner !== undefined) {
    // a rootless daemon's socket is its user's alone: the docker group has nothing to do with it
    if (owner !== user.uid) {
      return {
        status: 'fail', code: 'permission-denied', message: 'rootlessOther', data: { ...data, owner },
        fix: { explain: 'rootlessOtherFix', commands: [`export DOCKER_HOST=unix:///run/user/${user.uid}/docker.sock`, 'systemctl --user start docker'], docs: DOCS_ROOTLESS },
      };
    }
    return { status: 'fail', code: 'socket-permissions', message: 'rootlessOwn', data, fix: { explain: 'rootlessRestartFix', commands: ['systemctl --user restart docker'], docs: DOCS_ROOTLESS } };
  }
  const blocked = (): Result => ({
    status: 'fail', code: 'socket-permissions', message: 'permissionsBlocked', data,
    fix: { explain: 'nameiFix', commands: [`namei -l ${shQuote(socket)}`], docs: DOCS_POSTINSTALL },
  });
  if (user.uid === 0) return blocked();

  const [st, groupText] = await Promise.all([ctx.files.stat(socket), ctx.files.text('/etc/group')]);
  const groups = groupText === undefined ? undefined : parseGroupFile(groupText);
  const docker = groups?.find((g) => g.name === 'docker');
  const session = new Set([user.gid, ...user.groups]);
  const restart = restartDaemonCommands(f);
  if (st.ok) {
    Object.assign(data, {
      group: groups?.find((g) => g.gid === st.gid)?.name ?? String(st.gid),
      mode: `0${(st.mode & 0o777).toString(8).padStart(3, '0')}`,
    });
  }
  if (groups && !docker) {
    return {
      status: 'fail', code: 'socket-permissions', message: 'noDockerGroup', data,
      fix: { explain: 'groupaddFix', commands: ['sudo groupadd docker', ...restart, 'sudo usermod -aG docker $USER', 'newgrp docker'], docs: DOCS_POSTINSTALL },
    };
  }
  if (st.ok && ((docker && st.gid !== docker.gid) || (st.mode & 0o060) !== 0o060)) {
    return { status: 'fail', code: 'socket-permissions', message: 'badSocket', data, fix: { explain: 'restartSocketFix', commands: restart, docs: DOCS_POSTINSTALL } };
  }
  const dockerGid = docker?.gid ?? (st.ok ? st.gid : undefined);
  if (dockerGid !== undefined && session.has(dockerGid)) return blocked();
  if (docker?.members.includes(user.name)) {
    return { status: 'fail', code: 'docker-group-not-active', message: 'groupNotActive', data, fix: { explain: 'newgrpFix', commands: ['newgrp docker'], docs: DOCS_POSTINSTALL } };
  }
  return {
    status: 'fail', code: 'permission-denied', message: 'permissionDenied', data,
    fix: { explain: 'usermodFix', commands: ['sudo usermod -aG docker $USER', 'newgrp docker'], docs: DOCS_POSTINSTALL },
  };
}

async function notResponding(ctx: CheckContext, f: HostFacts, r: Extract<EndpointResolution, { ok: true }>, base: Data): Promise<Result> {
  const ep = r.endpoint;
  const data: Data = { ...base, timeoutMs: ctx.options.timeoutMs, stopped: false };
  const kind = kindOf(f, ep);
  // only a local system or rootless dockerd can be looked at in /proc
  if (f.platform === 'linux' && (kind === 'system' || kind === 'rootless') && (ep.scheme === 'unix' || /^(localhost|127\.|::1$)/.test(ep.host ?? ''))) {
    const found = await stoppedDockerd(ctx, ep.scheme === 'unix' ? ep.socketPath : undefined);
    if (found) {
      Object.assign(data, { pid: found.pid, state: found.state });
      if (found.stopped) {
        data.stopped = true;
        return {
          status: 'fail', code: 'daemon-not-responding', message: 'notRespondingStopped', data,
          fix: { explain: 'continueFix', commands: [`sudo kill -CONT ${found.pid}`], docs: DOCS_TROUBLESHOOT },
        };
      }
    }
  }
  return {
    status: 'fail', code: 'daemon-not-responding', message: 'notResponding', data,
    fix: { explain: 'restartFix', commands: restartCommands(kind, f, ep.socketPath), docs: DOCS_TROUBLESHOOT },
  };
}

/**
 * The dockerd behind the socket (pgrep, else the pidfile) and whether it is stopped by a
 * signal. Several daemons may run (rootless, test daemons): the one whose command line names
 * the socket wins, else a stopped one, else the first.
 */
async function stoppedDockerd(ctx: CheckContext, socket: string | undefined): Promise<{ pid: number; state: string; stopped: boolean } | undefined> {
  const pg = await ctx.exec('pgrep', ['-x', 'dockerd'], { timeoutMs: Math.min(1000, ctx.options.timeoutMs) });
  let pids = pg.exitCode === 0 ? parsePids(pg.stdout, 16) : [];
  if (!pids.length) pids = parsePids((await ctx.files.text('/var/run/docker.pid')) ?? '', 1);
  const seen = await Promise.all(
    pids.map(async (pid) => {
      const [text, cmdline] = await Promise.all([ctx.files.text(`/proc/${pid}/status`), ctx.files.text(`/proc/${pid}/cmdline`)]);
      const s = text === undefined ? undefined : parseProcStatus(text);
      if (!s || (s.name && s.name !== 'dockerd')) return undefined;
      // --host unix:///x.sock, --host=unix:///x.sock, -H unix:///x.sock
      const ours = Boolean(socket && cmdline?.split('\0').some((arg) => arg.endsWith(`unix://${socket}`)));
      return { pid, state: s.stateText ?? '?', stopped: isStopped(s), ours };
    }),
  );
  const live = seen.filter((x) => x !== undefined);
  const pick = live.find((x) => x.ours) ?? live.find((x) => x.stopped) ?? live[0];
  return pick && { pid: pick.pid, state: pick.state, stopped: pick.stopped };
}
