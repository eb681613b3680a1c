// package-state against states the real dpkg writes (test/helpers/real-dpkg.ts): a docker-ce
// whose post-installation script fails, and a dpkg run killed in the middle of an install.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import check from '../../checks/package-state.js';
import { liveProbes } from '../../src/host/live/index.js';
import type { Probes } from '../../src/host/types.js';
import { runCheck } from '../helpers/check-tester.js';
import { dpkgTree, hasDpkg, pendingUpdates, type DpkgTree } from '../helpers/real-dpkg.js';

const CE = '5:27.3.1-1~debian.12~bookworm';
const CONFIGURE = 'sudo dpkg --configure -a';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasDpkg && !process.env.CI)('package-state on what the real dpkg leaves behind', () => {
  let t: DpkgTree | undefined;
  afterEach(() => {
    t?.cleanup();
    t = undefined;
  });
  const status = () => t!.dpkg('--status', 'docker-ce').stdout;

  it('post-installation script fails: half-configured, then dpkg --configure -a finishes it', async () => {
    t = dpkgTree();
    // the tree is a systemd system to the check: the fix shows the unit's journal
    mkdirSync(join(t.root, 'lib/systemd'), { recursive: true });
    writeFileSync(join(t.root, 'lib/systemd/systemd'), '');
    // what docker-ce's postinst does when `systemctl start docker` fails
    const postinst = '#!/bin/sh\necho "Job for docker.service failed because the control process exited with error code." >&2\nexit 1\n';
    const r = t.dpkg('-i', t.deb({ name: 'docker-ce', version: CE, scripts: { postinst } }));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('installed docker-ce package post-installation script subprocess returned error exit status 1');
    expect(status()).toMatch(/^Status: install ok half-configured$/m);

    const half = await runCheck(check, { root: t.root });
    expect([half.status, half.code], half.text.en).toEqual(['fail', 'half-configured']);
    expect(half.data).toMatchObject({ names: ['docker-ce'], findings: ['half-configured'], problems: [`docker-ce ${CE} (half-configured, /var/lib/dpkg/status:1)`], line: 1 });
    expect(half.commands).toEqual(['sudo journalctl -u docker --no-pager -n 50', CONFIGURE]);
    expect(half.text.en).toContain('post-installation script of docker-ce failed');

    // once the daemon starts (the postinst succeeds), the check's last command is the cure
    writeFileSync(join(t.admin, 'info/docker-ce.postinst'), '#!/bin/sh\nexit 0\n');
    const c = t.dpkg('--configure', '-a');
    expect(c.status, c.stderr).toBe(0);
    expect(status()).toMatch(/^Status: install ok installed$/m);
    const fixed = await runCheck(check, { root: t.root });
    expect([fixed.status, fixed.code]).toEqual(['pass', 'installed']);
  });

  it('dpkg killed during an install: dpkg-interrupted; after dpkg --configure -a, reinstall-required', async () => {
    t = dpkgTree();
    const inPreinst = join(t.work, 'in-preinst');
    // the preinst says where dpkg is, then holds it there until it is killed
    const preinst = `#!/bin/sh\ntouch '${inPreinst}'\nexec sleep 120\n`;
    const deb = t.deb({ name: 'docker-ce', version: CE, scripts: { preinst } });
    const child = t.spawnDpkg('-i', deb);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const closed = new Promise((resolve) => child.once('close', resolve));
    try {
      // dpkg journals docker-ce as half-installed in updates/ before it runs the preinst
      for (const until = Date.now() + 20_000; !(Object.keys(pendingUpdates(t.admin)).length && existsSync(inPreinst)); await sleep(50)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`dpkg never reached the preinst (exit ${child.exitCode}): ${stderr}`);
      }
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      await closed;
    }
    expect(child.signalCode).toBe('SIGKILL');
    expect(Object.values(pendingUpdates(t.admin))).toEqual([expect.stringMatching(/^Package: docker-ce\nStatus: install reinstreq half-installed\n/)]);

    const cut = await runCheck(check, { root: t.root });
    expect([cut.status, cut.code], cut.text.en).toEqual(['fail', 'dpkg-interrupted']);
    expect(cut.data).toMatchObject({ findings: ['dpkg-interrupted'], problems: ['/var/lib/dpkg/updates/0000'], count: 1, updates: '/var/lib/dpkg/updates' });
    expect(cut.commands).toEqual([CONFIGURE]);

    // the fix folds the journal into the status file, where the broken install shows
    const c = t.dpkg('--configure', '-a');
    expect(c.status, c.stderr).toBe(0);
    expect(pendingUpdates(t.admin)).toEqual({});
    expect(status()).toMatch(/^Status: install reinstreq half-installed$/m);
    const next = await runCheck(check, { root: t.root });
    expect([next.status, next.code], next.text.en).toEqual(['fail', 'reinstall-required']);
    expect(next.commands).toEqual(['sudo apt-get update', 'sudo apt-get install --reinstall docker-ce', CONFIGURE]);
  });

  it('while dpkg runs, its lock says the journal is work in progress: dpkg-running, then dpkg-interrupted once killed', async () => {
    t = dpkgTree();
    const inPreinst = join(t.work, 'in-preinst');
    const preinst = `#!/bin/sh\ntouch '${inPreinst}'\nexec sleep 120\n`;
    const child = t.spawnDpkg('-i', t.deb({ name: 'docker-ce', version: CE, scripts: { preinst } }));
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (x: string) => (stderr += x));
    const closed = new Promise((resolve) => child.once('close', resolve));
    try {
      for (const until = Date.now() + 20_000; !(Object.keys(pendingUpdates(t.admin)).length && existsSync(inPreinst)); await sleep(50)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`dpkg never reached the preinst (exit ${child.exitCode}): ${stderr}`);
      }
      const running = await runCheck(check, { probes: liveTree(t.root) });
      expect([running.status, running.code], running.text.en).toEqual(['warn', 'dpkg-running']);
      expect(running.data).toMatchObject({ process: 'dpkg', lock: expect.stringMatching(/^\/var\/lib\/dpkg\/lock(-frontend)?$/), findings: ['dpkg-interrupted'] });
      expect(running.commands).toEqual([`ps -o pid,etime,args -p ${running.data.pid}`, `tail --pid=${running.data.pid} -f /dev/null`]);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      await closed;
    }
    // killed, dpkg holds no lock: the same journal is an interrupted run
    const cut = await runCheck(check, { probes: liveTree(t.root) });
    expect([cut.status, cut.code], cut.text.en).toEqual(['fail', 'dpkg-interrupted']);
  });
});

/**
 * A live run whose dpkg lives in `root`: dpkg's files are read from the tree, /proc from this
 * machine, and `stat` is given the tree's lock files (and its answer the paths the check asked).
 */
function liveTree(root: string): Probes {
  const tree = liveProbes({ root, timeoutMs: 3000 });
  const host = liveProbes({ timeoutMs: 3000 });
  return {
    ...tree,
    read: (p, o) => (p.startsWith('/proc/') ? host.read(p, o) : tree.read(p, o)),
    exec: async (cmd, args, o) => {
      const r = await host.exec(cmd, args.map((a) => (a.startsWith('/var/lib/dpkg/') ? join(root, a) : a)), o);
      return { ...r, stdout: r.stdout.split(root).join('') };
    },
  };
}
