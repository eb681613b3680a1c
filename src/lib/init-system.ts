import type { HostFacts } from '../host/types.js';

/** The command that starts the Docker daemon here: systemd, SysV `service`, or Docker Desktop. */
export function startDaemonCommands(f: HostFacts): string[] {
  if (f.platform === 'darwin') return ['open -a Docker'];
  if (f.platform === 'win32') return ['Start-Process "C:\\Program Files\\Docker\\Docker\\Docker Desktop.exe"'];
  if (f.systemd) return ['sudo systemctl enable --now docker', 'sudo systemctl status docker --no-pager'];
  return ['sudo service docker start'];
}

/**
 * `socket`: restart docker.socket too, so that systemd creates the socket again (its group and mode).
 * `resetFailed`: after a daemon that failed to start: systemd refuses "start request repeated too
 * quickly" after a few failed starts until the unit's failed state is reset.
 */
export function restartDaemonCommands(f: HostFacts, opts: { socket?: boolean; resetFailed?: boolean } = {}): string[] {
  if (f.platform === 'darwin' || f.platform === 'win32') return ['docker desktop restart'];
  if (f.systemd) {
    const units = opts.socket ? 'docker.socket docker.service' : 'docker';
    return [`${opts.resetFailed ? `sudo systemctl reset-failed ${units} && ` : ''}sudo systemctl restart ${units}`];
  }
  return ['sudo service docker restart'];
}

/** Where the daemon's own log is, to see why it will not start. */
export function daemonLogCommands(f: HostFacts): string[] {
  if (f.platform !== 'linux') return [];
  return f.systemd ? ['sudo journalctl -u docker --no-pager -n 50'] : ['sudo tail -n 50 /var/log/docker.log'];
}
