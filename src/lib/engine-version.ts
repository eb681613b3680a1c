// Which Docker Engine release is installed, from dpkg's database: what the daemon.json and
// kernel checks compare against when no daemon answers (and the only way under --root).
import { isPresent, type DpkgDb } from './dpkg.js';

/** Engine packages, most specific first: Docker's, Debian/Ubuntu's, the old names, Microsoft's. */
const ENGINE_PACKAGES = ['docker-ce', 'docker.io', 'docker-engine', 'docker-ee', 'moby-engine'];

/** "5:24.0.7-1~ubuntu.22.04~jammy" -> "24.0.7", "20.10.24+dfsg1-1+b3" -> "20.10.24", "18.06.1~ce~3-0~ubuntu" -> "18.06.1". */
export function upstreamVersion(v: string): string | undefined {
  const m = /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(v.trim());
  return m?.[1];
}

export function engineFromDpkg(db: DpkgDb): { version: string; package: string } | undefined {
  for (const name of ENGINE_PACKAGES) {
    const p = db.byName(name).find(isPresent);
    const version = p?.version ? upstreamVersion(p.version) : undefined;
    if (p && version) return { version, package: name };
  }
  return undefined;
}
