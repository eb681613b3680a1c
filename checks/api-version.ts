import { defineCheck, type CheckResult, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import { compareApiVersions, formatApiVersion, parseApiVersion, type ApiVersion } from '../src/lib/api-version.js';
import { daemonKind, restartCommands } from '../src/lib/daemon-control.js';
import { CLIENT_VERSION_ARGS, clientVersionEnv, parseClientJson } from '../src/lib/docker-client.js';
import { cleanValue } from '../src/sanitize.js';

const DOCS = 'https://docs.docker.com/reference/api/engine/';

const messages = {
  compatible: {
    en: 'Client API {clientApiVersion} works with the daemon (API {minApiVersion} to {serverApiVersion}).',
    'zh-CN': '客户端 API {clientApiVersion} 与守护进程兼容（守护进程支持 API {minApiVersion} 至 {serverApiVersion}）。',
  },
  pinnedOk: {
    en: 'DOCKER_API_VERSION={pinned} is within what the daemon accepts (API {minApiVersion} to {serverApiVersion}).',
    'zh-CN': 'DOCKER_API_VERSION={pinned} 在守护进程支持的范围内（API {minApiVersion} 至 {serverApiVersion}）。',
  },
  noClient: {
    en: 'No docker client to compare and DOCKER_API_VERSION is not set: clients negotiate with the daemon (API {minApiVersion} to {serverApiVersion}).',
    'zh-CN': '没有可比较的 docker 客户端，且未设置 DOCKER_API_VERSION：客户端会与守护进程协商版本（API {minApiVersion} 至 {serverApiVersion}）。',
  },
  negotiated: {
    en: 'The client speaks API {clientApiVersion} and the daemon {serverApiVersion}: the client negotiates down, which is fine.',
    'zh-CN': '客户端使用 API {clientApiVersion}，守护进程为 {serverApiVersion}：客户端会自动协商到较低版本，没有问题。',
  },
  tooNew: {
    en: 'DOCKER_API_VERSION={pinned} is newer than the daemon supports (API {serverApiVersion} at most).',
    'zh-CN': 'DOCKER_API_VERSION={pinned} 高于守护进程支持的版本（最高 API {serverApiVersion}）。',
  },
  tooNewSaid: {
    en: 'DOCKER_API_VERSION={pinned} is newer than the daemon supports. The daemon says: {daemonError}',
    'zh-CN': 'DOCKER_API_VERSION={pinned} 高于守护进程支持的版本。守护进程返回：{daemonError}',
  },
  tooOldPinned: {
    en: 'DOCKER_API_VERSION={pinned} is older than the daemon accepts (API {minApiVersion} at least).',
    'zh-CN': 'DOCKER_API_VERSION={pinned} 低于守护进程接受的版本（最低 API {minApiVersion}）。',
  },
  tooOldPinnedSaid: {
    en: 'DOCKER_API_VERSION={pinned} is older than the daemon accepts. The daemon says: {daemonError}',
    'zh-CN': 'DOCKER_API_VERSION={pinned} 低于守护进程接受的版本。守护进程返回：{daemonError}',
  },
  tooOldClient: {
    en: 'The docker client speaks API {clientApiVersion}, older than the daemon accepts (API {minApiVersion} at least).',
    'zh-CN': 'docker 客户端使用 API {clientApiVersion}，低于守护进程接受的版本（最低 API {minApiVersion}）。',
  },
  invalid: {
    en: 'DOCKER_API_VERSION="{value}" is not an API version such as 1.41.',
    'zh-CN': 'DOCKER_API_VERSION="{value}" 不是有效的 API 版本（例如 1.41）。',
  },
  unreadable: {
    en: 'The daemon’s /version reply cannot be read ({detail}), so the API versions cannot be compared.',
    'zh-CN': '无法读取守护进程 /version 的响应（{detail}），因此无法比较 API 版本。',
  },
  // fixes
  unsetFix: {
    en: 'Unset DOCKER_API_VERSION (and remove it from your shell startup files) so that the client negotiates with the daemon, or upgrade the Docker Engine.',
    'zh-CN': '取消 DOCKER_API_VERSION（并从 shell 启动文件中删除），让客户端与守护进程自动协商；或者升级 Docker Engine。',
  },
  unsetOldFix: {
    en: 'Unset DOCKER_API_VERSION so that the client negotiates; a tool that needs a fixed version must use at least {minApiVersion}.',
    'zh-CN': '取消 DOCKER_API_VERSION，让客户端自动协商；如果某个工具必须固定版本，请至少使用 {minApiVersion}。',
  },
  invalidFix: {
    en: 'Unset DOCKER_API_VERSION, or set it to a version such as {serverApiVersion}.',
    'zh-CN': '取消 DOCKER_API_VERSION，或将其设置为 {serverApiVersion} 这样的版本号。',
  },
  upgradeClientFix: {
    en: 'Upgrade the docker client (or the tool that talks to the daemon). Pinning DOCKER_API_VERSION={minApiVersion} helps only tools that can speak that version.',
    'zh-CN': '升级 docker 客户端（或与守护进程通信的工具）。设置 DOCKER_API_VERSION={minApiVersion} 只对支持该版本的工具有效。',
  },
  unreadableFix: {
    en: 'The daemon (or a proxy in front of it) answers /version with something that is not Docker’s reply; restart the daemon and check its log.',
    'zh-CN': '守护进程（或其前面的代理）对 /version 的响应不是 Docker 的格式；请重启守护进程并查看其日志。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

export default defineCheck<M>({
  id: 'api-version',
  title: { en: 'Docker API version', 'zh-CN': 'Docker API 版本' },
  category: 'daemon',
  platforms: ['linux', 'darwin', 'win32'],
  dependsOn: ['daemon-reachable'],
  docs: DOCS,
  codes: {
    compatible: 'The client (docker CLI or DOCKER_API_VERSION) is within the daemon’s MinAPIVersion..ApiVersion.',
    negotiated: 'The client is newer than the daemon and not pinned: it negotiates down, fine.',
    'client-too-new': 'DOCKER_API_VERSION pins a version above the daemon’s ApiVersion (data.daemonError: the daemon’s own text).',
    'client-too-old': 'DOCKER_API_VERSION or the docker CLI is below the daemon’s MinAPIVersion.',
    'invalid-api-version': 'DOCKER_API_VERSION is set but not N.NN.',
    'unreadable-version': 'warn: the daemon’s /version reply is malformed or lacks ApiVersion.',
  },
  messages,
  async run(ctx) {
    const f = await ctx.facts();
    const win = f.platform === 'win32';
    const raw = ctx.env('DOCKER_API_VERSION');
    const [cli, version] = await Promise.all([
      ctx.exec('docker', CLIENT_VERSION_ARGS, { env: clientVersionEnv(f.platform) }),
      ctx.docker.version(),
    ]);
    // the CLI treats an empty value as unset, and drops a leading "v" when it builds the
    // request path (v1.41 is 1.41: docker 20.10 and 28 alike)
    const pinnedText = raw?.trim().replace(/^v/, '') || undefined;
    const pinned = pinnedText === undefined ? undefined : parseApiVersion(pinnedText);
    const unset = [win ? 'Remove-Item Env:DOCKER_API_VERSION' : 'unset DOCKER_API_VERSION', ...findSetting(f)];

    let server: { max: ApiVersion; min?: ApiVersion; version: string | null } | undefined;
    let unreadable = '';
    if (!version.ok) {
      unreadable = version.parseError ? `invalid JSON: ${version.parseError}` : version.response.ok ? `HTTP ${version.response.status}` : version.response.detail;
    } else {
      const v: Record<string, unknown> = version.value && typeof version.value === 'object' ? (version.value as Record<string, unknown>) : {};
      const max = parseApiVersion(v.ApiVersion);
      if (!max) unreadable = 'no ApiVersion';
      else {
        const min = parseApiVersion(v.MinAPIVersion);
        server = { max, ...(min ? { min } : {}), version: typeof v.Version === 'string' ? cleanValue(v.Version, 64) : null };
      }
    }
    const clientApi = cli.notFound ? undefined : parseApiVersion(parseClientJson(cli.stdout)?.apiVersion);
    const data: Data = {
      pinned: pinnedText === undefined ? null : cleanValue(pinnedText, 40),
      clientApiVersion: clientApi ? formatApiVersion(clientApi) : null,
      serverApiVersion: server ? formatApiVersion(server.max) : null,
      minApiVersion: server?.min ? formatApiVersion(server.min) : null,
      serverVersion: server?.version ?? null,
    };

    if (pinnedText !== undefined && !pinned) {
      return {
        status: 'fail', code: 'invalid-api-version', message: 'invalid', data: { ...data, value: cleanValue(pinnedText, 40) },
        fix: { explain: 'invalidFix', commands: unset, docs: DOCS },
      };
    }
    if (!server) {
      const ep = await ctx.docker.endpoint();
      const kind = ep.ok && (ep.endpoint.scheme === 'unix' || ep.endpoint.scheme === 'npipe') ? daemonKind(ep.endpoint.socketPath, f.platform) : 'system';
      return {
        status: 'warn', code: 'unreadable-version', message: 'unreadable', data: { ...data, detail: cleanValue(unreadable, 160) },
        fix: { explain: 'unreadableFix', commands: restartCommands(kind, f, ep.ok ? ep.endpoint.socketPath : undefined), docs: DOCS },
      };
    }

    if (pinned) {
      if (compareApiVersions(pinned, server.max) > 0) {
        const daemonError = await askDaemon(ctx, pinned);
        return {
          status: 'fail', code: 'client-too-new', message: daemonError ? 'tooNewSaid' : 'tooNew', data: { ...data, daemonError },
          fix: { explain: 'unsetFix', commands: unset, docs: DOCS },
        };
      }
      if (server.min && compareApiVersions(pinned, server.min) < 0) {
        const daemonError = await askDaemon(ctx, pinned);
        return {
          status: 'fail', code: 'client-too-old', message: daemonError ? 'tooOldPinnedSaid' : 'tooOldPinned', data: { ...data, daemonError },
          fix: { explain: 'unsetOldFix', commands: unset, docs: DOCS },
        };
      }
      return { status: 'pass', code: 'compatible', message: 'pinnedOk', data };
    }
    if (!clientApi) return { status: 'pass', code: 'compatible', message: 'noClient', data };
    if (compareApiVersions(clientApi, server.max) > 0) return { status: 'pass', code: 'negotiated', message: 'negotiated', data };
    if (server.min && compareApiVersions(clientApi, server.min) < 0) {
      return { status: 'fail', code: 'client-too-old', message: 'tooOldClient', data, fix: { explain: 'upgradeClientFix', commands: upgradeClient(f), docs: DOCS } };
    }
    return { status: 'pass', code: 'compatible', message: 'compatible', data } satisfies Result;
  },
});

/** The daemon's own words for a request at the pinned version ("client version 1.50 is too new ..."). */
async function askDaemon(ctx: CheckContext, pinned: ApiVersion): Promise<string | null> {
  const r = await ctx.docker.request({ method: 'GET', path: `/v${formatApiVersion(pinned)}/version` });
  if (!r.ok || r.status < 400 || r.status >= 500 || r.encoding !== 'utf8') return null;
  let text = r.body;
  try {
    const m = (JSON.parse(r.body) as { message?: unknown })?.message;
    if (typeof m === 'string') text = m;
  } catch {
    // older daemons answer in text/plain
  }
  return cleanValue(text.split('\n').find((l) => l.trim()) ?? '', 200) || null;
}

/** Where the pin usually comes from: a line in a shell startup file, or the user's environment on Windows. */
function findSetting(f: HostFacts): string[] {
  if (f.platform === 'win32') return ["[Environment]::SetEnvironmentVariable('DOCKER_API_VERSION', $null, 'User')"];
  return ['grep -n DOCKER_API_VERSION ~/.bashrc ~/.bash_profile ~/.profile ~/.zshrc /etc/environment 2>/dev/null'];
}

function upgradeClient(f: HostFacts): string[] {
  if (f.platform === 'darwin') return ['brew upgrade --cask docker'];
  if (f.platform === 'win32') return ['winget upgrade -e --id Docker.DockerDesktop'];
  const ids = [f.distroId ?? '', ...(f.idLike ?? [])];
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return ['sudo apt-get update', 'sudo apt-get install --only-upgrade docker-ce-cli'];
  if (ids.some((i) => ['fedora', 'rhel', 'centos'].includes(i))) return ['sudo dnf upgrade docker-ce-cli'];
  return [];
}
