import { defineCheck, type CheckResult } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import { daemonKind } from '../src/lib/daemon-control.js';
import { parseGroupFile, type GroupEntry } from '../src/lib/etc-group.js';
import { restartDaemonCommands } from '../src/lib/init-system.js';
import { shQuote } from '../src/lib/shell-quote.js';

// Using docker without sudo takes three things: a docker group, the user in it, and a login
// session that started after the user was added. The classic wrong advice is to run usermod
// again when only the session is old. The socket must be root:docker 0660; chmod 666 is never
// the fix (it gives every local user root).
const DOCS = 'https://docs.docker.com/engine/install/linux-postinstall/';
const GROUP_FILE = '/etc/group';

const messages = {
  root: { en: 'Running as root: the docker group is not needed.', 'zh-CN': '以 root 身份运行：不需要 docker 用户组。' },
  sudoUserNotMember: {
    en: 'Running as root through sudo; your own account {sudoUser} is not in the docker group (gid {gid}), so docker without sudo will be refused.',
    'zh-CN': '当前通过 sudo 以 root 身份运行；你自己的账户 {sudoUser} 不在 docker 用户组（gid {gid}）中，因此不加 sudo 运行 docker 会被拒绝。',
  },
  sudoUserFix: {
    en: 'Add {sudoUser} to the docker group, then log out and in. Members of the docker group have root-equivalent access.',
    'zh-CN': '把 {sudoUser} 加入 docker 用户组，然后注销并重新登录。docker 组的成员拥有等同 root 的权限。',
  },
  rootless: {
    en: '{endpoint} is a rootless or per-user daemon: it belongs to you, no docker group is needed.',
    'zh-CN': '{endpoint} 是 rootless 或当前用户自己的守护进程：它属于你本人，不需要 docker 用户组。',
  },
  notUnix: {
    en: 'Skipped: the endpoint {endpoint} is not a local unix socket, so the docker group does not apply.',
    'zh-CN': '已跳过：端点 {endpoint} 不是本地 unix 套接字，docker 用户组与此无关。',
  },
  member: {
    en: 'User {user} is in the docker group (gid {gid}) and this session has it; {socket} is {socketGroup} {socketMode} as it should be.',
    'zh-CN': '用户 {user} 在 docker 用户组（gid {gid}）中，当前会话也已拥有该组；{socket} 的属组和权限为 {socketGroup} {socketMode}，符合要求。',
  },
  memberNoSocket: {
    en: 'User {user} is in the docker group (gid {gid}) and this session has it (no daemon socket to look at: see daemon-reachable).',
    'zh-CN': '用户 {user} 在 docker 用户组（gid {gid}）中，当前会话也已拥有该组（没有可查看的守护进程套接字：请查看 daemon-reachable）。',
  },
  groupMissing: {
    en: 'There is no docker group ({source}): only root can use the Docker socket, and dockerd logs "could not change group /var/run/docker.sock to docker: group docker not found".',
    'zh-CN': '系统中没有 docker 用户组（{source}）：只有 root 能使用 Docker 套接字，dockerd 日志中会出现 "could not change group /var/run/docker.sock to docker: group docker not found"。',
  },
  groupMissingFix: {
    en: 'Create the group, add yourself, restart Docker so that it hands the socket to the group, then start a new session (newgrp docker, or log out and in). Never chmod 666 the socket.',
    'zh-CN': '创建该用户组并把自己加入，重启 Docker 使套接字归属该组，然后开启新会话（newgrp docker，或注销后重新登录）。切勿对套接字执行 chmod 666。',
  },
  userNotMember: {
    en: 'User {user} is not in the docker group (gid {gid}; members: {members}), so docker without sudo is refused: "permission denied while trying to connect to the Docker daemon socket".',
    'zh-CN': '用户 {user} 不在 docker 用户组（gid {gid}；成员：{members}）中，因此不加 sudo 运行 docker 会被拒绝："permission denied while trying to connect to the Docker daemon socket"。',
  },
  usermodFix: {
    en: 'Add yourself to the docker group, then start a new session: newgrp docker in this terminal, or log out and in. Members of the docker group have root-equivalent access.',
    'zh-CN': '把自己加入 docker 用户组，然后开启新会话：在当前终端运行 newgrp docker，或注销后重新登录。docker 组的成员拥有等同 root 的权限。',
  },
  sessionLacks: {
    en: 'User {user} is listed in the docker group (gid {gid}), but this login session started before that and does not have the group yet.',
    'zh-CN': '用户 {user} 已在 docker 用户组（gid {gid}）中，但当前登录会话是在加入之前开始的，还没有获得该组权限。',
  },
  newgrpFix: {
    en: 'Do not add the user again: run newgrp docker in this terminal, or log out and in (a desktop session may need a reboot; on WSL run wsl --terminate <distro> in Windows).',
    'zh-CN': '无需再次添加用户：在当前终端运行 newgrp docker，或注销后重新登录（桌面会话可能需要重启；WSL 中请在 Windows 上运行 wsl --terminate <发行版>）。',
  },
  socketPermissions: {
    en: '{socket} is group {socketGroup} with mode {socketMode}; it should be group docker (gid {gid}) with mode 0660, or the group cannot use it.',
    'zh-CN': '{socket} 属于用户组 {socketGroup}，权限为 {socketMode}；它应属于 docker 组（gid {gid}）且权限为 0660，否则该组无法使用它。',
  },
  socketFix: {
    en: 'Restart Docker (and its socket unit) so that the socket is created again as root:docker 0660; check "group" in /etc/docker/daemon.json and SocketGroup= in docker.socket. Never chmod 666 the socket.',
    'zh-CN': '重启 Docker（及其套接字单元），让套接字以 root:docker 0660 重新创建；并检查 /etc/docker/daemon.json 中的 "group" 以及 docker.socket 中的 SocketGroup=。切勿对套接字执行 chmod 666。',
  },
  socketTooOpen: {
    en: '{socket} has mode {socketMode}: every local user can use it, which means root for everyone (someone ran chmod 666 on it).',
    'zh-CN': '{socket} 的权限为 {socketMode}：任何本地用户都能使用它，相当于人人都有 root 权限（有人对它执行过 chmod 666）。',
  },
  socketTooOpenFix: {
    en: 'Restart Docker so that the socket is created again as root:docker 0660, and give access through the docker group instead.',
    'zh-CN': '重启 Docker，让套接字以 root:docker 0660 重新创建，并改为通过 docker 用户组授予访问权限。',
  },
  rootedGroupExists: {
    en: 'Skipped in part: the docker group exists (gid {gid}; members: {members}); which user runs docker and what the session has can only be seen on the live system.',
    'zh-CN': '部分跳过：docker 用户组存在（gid {gid}；成员：{members}）；哪个用户在使用 docker 以及会话拥有哪些组，只能在实际系统上查看。',
  },
  groupFileUnreadable: { en: 'Skipped: {file} cannot be read.', 'zh-CN': '已跳过：无法读取 {file}。' },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

/** Restart so that the socket is created again: with socket activation systemd owns it. */
function restartSocket(f: HostFacts): string[] {
  return restartDaemonCommands({ ...f, platform: 'linux' }, { socket: true });
}

function members(g: GroupEntry): string {
  return g.members.length ? g.members.slice(0, 20).join(', ') : '-';
}

function mode(m: number): string {
  return `0${(m & 0o777).toString(8).padStart(3, '0')}`;
}

/** The docker group from NSS (LDAP, sssd) when /etc/group does not have it. */
async function getent(ctx: CheckContext): Promise<GroupEntry | undefined> {
  const r = await ctx.exec('getent', ['group', 'docker'], { timeoutMs: ctx.options.timeoutMs });
  if (r.exitCode !== 0) return undefined;
  return parseGroupFile(r.stdout.split('\n')[0] ?? '').find((g) => g.name === 'docker');
}

export default defineCheck<M>({
  id: 'docker-group',
  title: { en: 'docker group and socket permissions', 'zh-CN': 'docker 用户组与套接字权限' },
  category: 'permissions',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    root: 'The doctor runs as root: no group needed.',
    'sudo-user-not-member': 'Run as root through sudo, and SUDO_USER is not in the docker group.',
    'rootless-endpoint': 'The endpoint is a per-user socket (/run/user/<uid>/..., Docker Desktop for Linux): no group needed.',
    'not-unix-socket': 'The endpoint is not a local unix socket (tcp://, ssh://): the group does not apply (skip).',
    member: 'The user is in the docker group, the session has it, and the socket (when there) is root:docker 0660.',
    'group-missing': 'No docker group in /etc/group (nor through NSS).',
    'user-not-member': 'The user is not in the docker group: usermod -aG docker, then a new session.',
    'session-lacks-group': 'The user is listed in the group but the current session lacks it: newgrp docker or log in again, NOT usermod.',
    'socket-permissions': 'The daemon socket is not group docker or lacks group read/write.',
    'socket-too-open': 'The daemon socket is world-accessible (chmod 666 was applied).',
    'rooted-group-exists': 'Under --root: the group exists; user and session cannot be known (skip).',
    'group-file-unreadable': '/etc/group cannot be read (skip).',
  },
  messages,
  async run(ctx): Promise<Result> {
    const f = await ctx.facts();
    const text = await ctx.files.text(GROUP_FILE, { maxBytes: 4 * 1024 * 1024 });
    if (text === undefined) return { status: 'skip', code: 'group-file-unreadable', message: 'groupFileUnreadable', data: { file: GROUP_FILE } };
    let group = parseGroupFile(text).find((g) => g.name === 'docker');
    let source = GROUP_FILE;

    const groupMissing = (): Result => ({
      status: 'fail', code: 'group-missing', message: 'groupMissing', data: { source },
      fix: { explain: 'groupMissingFix', commands: ['sudo groupadd docker', 'sudo usermod -aG docker $USER', ...restartSocket(f), 'newgrp docker'], docs: DOCS },
    });

    if (ctx.rooted) {
      if (!group) return groupMissing();
      return { status: 'skip', code: 'rooted-group-exists', message: 'rootedGroupExists', data: { gid: group.gid, members: members(group) } };
    }

    const user = f.user;
    if (user.uid === 0) {
      const sudoUser = ctx.env('SUDO_USER');
      if (sudoUser && sudoUser !== 'root' && /^[a-z_][a-z0-9_.-]*\$?$/i.test(sudoUser) && group && !group.members.includes(sudoUser)) {
        return {
          status: 'warn', code: 'sudo-user-not-member', message: 'sudoUserNotMember', data: { sudoUser, gid: group.gid },
          fix: { explain: 'sudoUserFix', commands: [`sudo usermod -aG docker ${shQuote(sudoUser)}`], docs: DOCS },
        };
      }
      return { status: 'pass', code: 'root', message: 'root', data: { user: user.name } };
    }

    const resolved = await ctx.docker.endpoint();
    const ep = resolved.ok ? resolved.endpoint : undefined;
    if (ep && ep.scheme !== 'unix') return { status: 'skip', code: 'not-unix-socket', message: 'notUnix', data: { endpoint: ep.url } };
    const kind = ep ? daemonKind(ep.socketPath, f.platform) : 'system';
    if (kind !== 'system') return { status: 'pass', code: 'rootless-endpoint', message: 'rootless', data: { endpoint: ep!.url, kind } };

    if (!group) {
      group = await getent(ctx);
      source = 'getent group docker';
      if (!group) {
        source = `${GROUP_FILE}, getent group docker`;
        return groupMissing();
      }
    }
    const listed = group.members.includes(user.name) || user.gid === group.gid;
    const inSession = user.gid === group.gid || user.groups.includes(group.gid);
    const data = { user: user.name, gid: group.gid, members: members(group) };
    if (!listed && !inSession) {
      return {
        status: 'fail', code: 'user-not-member', message: 'userNotMember', data,
        fix: { explain: 'usermodFix', commands: ['sudo usermod -aG docker $USER', 'newgrp docker'], docs: DOCS },
      };
    }
    if (!inSession) {
      return { status: 'fail', code: 'session-lacks-group', message: 'sessionLacks', data, fix: { explain: 'newgrpFix', commands: ['newgrp docker'], docs: DOCS } };
    }

    // the socket: the daemon creates it for the group (live only: it exists while dockerd runs)
    const socket = ep?.socketPath;
    const st = socket ? await ctx.files.stat(socket) : undefined;
    if (!socket || !st?.ok || st.type !== 'socket') {
      return { status: 'pass', code: 'member', message: 'memberNoSocket', data: { ...data, socket: socket ?? null } };
    }
    const socketGroup = parseGroupFile(text).find((g) => g.gid === st.gid)?.name ?? String(st.gid);
    const sdata = { ...data, socket, socketGroup, socketMode: mode(st.mode) };
    if (st.gid !== group.gid || (st.mode & 0o060) !== 0o060) {
      return { status: 'fail', code: 'socket-permissions', message: 'socketPermissions', data: sdata, fix: { explain: 'socketFix', commands: restartSocket(f), docs: DOCS } };
    }
    if (st.mode & 0o006) {
      return { status: 'warn', code: 'socket-too-open', message: 'socketTooOpen', data: sdata, fix: { explain: 'socketTooOpenFix', commands: restartSocket(f), docs: DOCS } };
    }
    return { status: 'pass', code: 'member', message: 'member', data: sdata };
  },
});
