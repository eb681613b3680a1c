// A private Docker daemon for the integration tests and the benchmark: its own socket, data
// and exec roots under one temporary directory, no bridge, no iptables (nothing on this machine
// may send traffic to private address ranges). Plain JS so that test/bench/bench.js can use it
// without a build step; dockerd.d.ts gives the types to the TypeScript harness.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'ddoc-';

/** The first executable of these, or undefined. */
function which(names) {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/usr/local/bin']);
  for (const name of names) {
    if (name.startsWith('/')) {
      if (isExecutable(name)) return name;
      continue;
    }
    for (const d of dirs) if (d && isExecutable(path.join(d, name))) return path.join(d, name);
  }
  return undefined;
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Why a private daemon cannot run here, or undefined when it can. */
export function unavailableReason() {
  if (process.platform !== 'linux') return 'not Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  if (!which(['dockerd'])) return 'dockerd not found (apt-get install docker.io)';
  if (!dockerCli()) return 'docker CLI not found (apt-get install docker.io)';
  if (!staticBusybox()) return '/bin/busybox is missing or not static (apt-get install busybox-static)';
  return undefined;
}

/** Debian's own client first: it matches the daemon's version. */
export function dockerCli() {
  return which(['/usr/bin/docker', '/usr/local/bin/docker', 'docker']);
}

/** /bin/busybox when it is a static ELF (no PT_INTERP), as busybox-static installs it. */
function staticBusybox() {
  const p = '/bin/busybox';
  let b;
  try {
    b = fs.readFileSync(p);
  } catch {
    return undefined;
  }
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return undefined;
  const phoff = Number(b.readBigUInt64LE(32));
  const phentsize = b.readUInt16LE(54);
  const phnum = b.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return undefined;
  return p;
}

/** A short temp dir: unix socket paths under it must stay below 108 bytes. */
function tempBase() {
  const t = os.tmpdir();
  return t.length <= 40 ? t : '/tmp';
}

function ping(socketPath, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', headers: { Host: 'docker' }, timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}

function readInt(file) {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Our processes: those whose command line names our directory, and all their descendants (containers). */
function processesUnder(dir) {
  const parent = new Map();
  const ours = new Set();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir + '/')) ours.add(pid);
    } catch {
      // gone meanwhile
    }
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (ours.has(pid) || !ours.has(ppid)) continue;
      ours.add(pid);
      grew = true;
    }
  }
  ours.delete(process.pid);
  return [...ours];
}

function mountsUnder(dir) {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split('\n')
    .map((l) => unescape(l.split(' ')[4] ?? ''))
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

/** Kills whatever is left, unmounts and removes the directory. Synchronous: also used from process 'exit'. */
export function forceCleanup(dir) {
  for (let round = 0; round < 3; round++) {
    const pids = processesUnder(dir);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync('sleep', ['0.2']);
  }
  for (const m of mountsUnder(dir)) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    process.stderr.write(`dockerd harness: could not remove ${dir}: ${err.message}\n`);
  }
}

/** Daemons of earlier runs whose owner died without cleaning up (a killed test run). */
export function reapStale() {
  const base = tempBase();
  let entries = [];
  try {
    entries = fs.readdirSync(base);
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.startsWith(PREFIX)) continue;
    const dir = path.join(base, e);
    const owner = readInt(path.join(dir, 'owner'));
    if (owner !== undefined && !alive(owner)) forceCleanup(dir);
  }
}

const live = new Set();
let handlersInstalled = false;

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const d of live) d.stopSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      for (const d of live) d.stopSync();
      // nobody else handles it: die of the signal as we would have without this handler
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/**
 * Starts a private dockerd and waits for /_ping. Throws, with the daemon's log tail, when it
 * does not answer within the deadline.
 */
export async function startDockerd({ deadlineMs = 60_000, label = 'it' } = {}) {
  const why = unavailableReason();
  if (why) throw new Error(`cannot start a private dockerd: ${why}`);
  reapStale();
  const dir = fs.mkdtempSync(path.join(tempBase(), `${PREFIX}${label}-`));
  // other users (the permission scenarios) must reach the socket; they still cannot list the dir
  fs.chmodSync(dir, 0o711);
  fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
  const socket = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    '--host', `unix://${socket}`,
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'exec'),
    '--pidfile', path.join(dir, 'pid'),
    '--bridge=none', '--iptables=false', '--ip-masq=false', '--ip6tables=false',
    '--userland-proxy=false',
    '--shutdown-timeout=2', // only our own short-lived containers run there
  ];
  const child = spawn(which(['dockerd']), args, {
    detached: true, // own process group, so that stopping it never reaches the test runner
    stdio: ['ignore', log, log],
    env: { ...process.env, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined },
  });
  fs.closeSync(log);
  child.unref();
  let exited;
  child.on('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.on('error', (err) => (exited = err.message));

  const daemon = {
    dir,
    socket,
    host: `unix://${socket}`,
    pid: child.pid,
    logFile,
    logTail: (lines = 40) => {
      try {
        return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
    freeze: () => process.kill(child.pid, 'SIGSTOP'),
    thaw: () => process.kill(child.pid, 'SIGCONT'),
    ping: (timeoutMs = 2000) => ping(socket, timeoutMs),
    /** Graceful: SIGCONT, SIGTERM, wait; then whatever is left is killed, unmounted and removed. */
    stop: async (graceMs = 15_000) => {
      if (!live.has(daemon)) return;
      try {
        process.kill(child.pid, 'SIGCONT');
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const until = Date.now() + graceMs;
      while (exited === undefined && alive(child.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      forceCleanup(dir);
      live.delete(daemon);
    },
    stopSync: () => {
      if (!live.has(daemon)) return;
      forceCleanup(dir);
      live.delete(daemon);
    },
    /** The environment for a docker CLI talking to this daemon only. */
    env: (extra = {}) => ({ ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONTEXT: undefined, ...extra }),
  };
  live.add(daemon);
  installExitHandlers();

  const until = Date.now() + deadlineMs;
  for (;;) {
    if (exited !== undefined) {
      daemon.stopSync();
      throw new Error(`dockerd exited during start-up (${exited}); log tail:\n${daemon.logTail()}`);
    }
    if (fs.existsSync(socket) && (await ping(socket, 1000))) break;
    if (Date.now() > until) {
      const tail = daemon.logTail();
      daemon.stopSync();
      throw new Error(`dockerd did not answer /_ping within ${deadlineMs} ms; log tail:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return daemon;
}

/**
 * No registry is reachable: hello-world:latest is made here, a busybox rootfs whose CMD prints
 * the classic greeting.
 */
export function importHelloWorld(daemon, ref = 'hello-world:latest') {
  const rootfs = path.join(daemon.dir, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.copyFileSync(staticBusybox() ?? '/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const applet of ['sh', 'echo', 'sleep', 'cat']) fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  const tar = spawnSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  const imp = spawnSync(dockerCli(), ['import', '--change', 'CMD ["/bin/echo","Hello from Docker!"]', '-', ref], {
    input: tar.stdout,
    env: daemon.env(),
    encoding: 'buffer',
    timeout: 60_000,
  });
  fs.rmSync(rootfs, { recursive: true, force: true });
  if (imp.status !== 0) throw new Error(`docker import failed (${imp.status ?? imp.signal}): ${imp.stderr}\n${daemon.logTail()}`);
  return ref;
}
