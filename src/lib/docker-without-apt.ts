// Docker that apt did not install and that needs no apt repository nor docker.service: a snap
// (its daemon is snap.docker.dockerd), or the CLI that Docker Desktop's WSL integration links
// into the distribution. Told from files alone, so it works under --root and in replay; only
// the accessor it is given (ctx.files) is used.
import type { Files } from '../context.js';
import { isDesktopWslLink } from './daemon-control.js';

export interface OtherDocker {
  kind: 'snap' | 'desktop-wsl';
  /** What was found, for the message: "snap (/snap/bin/docker)". */
  detail: string;
}

export async function dockerWithoutApt(files: Pick<Files, 'lstat'>): Promise<OtherDocker | undefined> {
  if ((await files.lstat('/snap/bin/docker')).ok) return { kind: 'snap', detail: 'snap (/snap/bin/docker)' };
  const cli = await files.lstat('/usr/bin/docker');
  if (cli.ok && isDesktopWslLink(cli.linkTarget)) return { kind: 'desktop-wsl', detail: `Docker Desktop (/usr/bin/docker -> ${cli.linkTarget})` };
  return undefined;
}
