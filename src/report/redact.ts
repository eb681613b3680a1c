// Redaction happens before anything is written or printed. It errs on the side of removing:
// a support bundle that leaks a registry password is worse than one missing a detail.

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASS|KEY|AUTH|CREDENTIAL|COOKIE|SESSION/i;

/** Environment variables whose names look secret are never recorded. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

// scheme://user:pass@host or scheme://token@host; up to the last @ before the host, as curl
// and Go split it: a password with an unencoded @ in it must not leave its tail behind
// (a scheme is short: an unbounded one rescans "a.a.a.a…" from every word, quadratic time)
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/"'<>]+@/gi;
// a proxy without a scheme: dockerd (Go) and curl read "user:pass@proxy:3128" as http://
// (the user part is bounded: "http_proxy=http_proxy=…" must not rescan to the end each time)
const PROXY_CREDENTIALS = /\b((?:https?|all|ftp)[_-]?proxy"?\s*[=:]\s*"?)(?![a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/"'<>]{1,512}@/gi;
// "auth": "...", "password": "...", as in ~/.docker/config.json or an API body; a value cut
// off by a read cap (no closing quote) is a secret all the same
const JSON_SECRET =
  /"(auth|password|identitytoken|registrytoken|secret|token|access_token|refresh_token)"\s*:\s*"(?:[^"\\]|\\.)*(?:"|\\?$)/gi;
// Authorization: Basic xxx / Bearer xxx in command output
const AUTH_HEADER = /\b(authorization|proxy-authorization)(\s*[:=]\s*)(basic|bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

export function redactText(text: string, home?: string): string {
  let out = text.replace(URL_CREDENTIALS, '$1***@').replace(PROXY_CREDENTIALS, '$1***@').replace(JSON_SECRET, '"$1":"***"').replace(AUTH_HEADER, '$1$2$3 ***');
  if (home && home.length > 1 && home !== '~') {
    const escaped = home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // only whole path components: /root must not turn /rootfs into ~fs
    out = out.replace(new RegExp(`${escaped}(?=$|[/\\\\\\s"':;,)\\]}])`, 'g'), '~');
  }
  return out;
}

/** Redacts every string in a JSON-like value, keys included. */
export function redactDeep<T>(value: T, home?: string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, home);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[redactText(k, home)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
