// Image references as `docker pull` takes them: [registry[:port]/]path[:tag][@digest].
// Only the split the Engine API needs: POST /images/create wants fromImage and tag (a digest
// goes in `tag`), GET /images/{name}/json takes the whole reference, URL-encoded.

export interface ImageRef {
  /** Everything before the tag or digest: "registry.example.com:5000/team/app". */
  name: string;
  /** "1.2", "sha256:...", or "latest" when none was given. */
  tag: string;
  digest: boolean;
}

// the characters a reference can hold; the daemon validates the rest and says so
const ALLOWED = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/;

export function parseImageRef(ref: string): ImageRef | undefined {
  if (ref.length > 512 || !ALLOWED.test(ref)) return undefined;
  if (ref.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return undefined;
  const at = ref.indexOf('@');
  if (at >= 0) {
    const digest = ref.slice(at + 1);
    if (!/^[a-z0-9]+:[A-Fa-f0-9]{32,}$/.test(digest)) return undefined;
    // name@digest and name:tag@digest both pull by digest
    return { name: stripTag(ref.slice(0, at)), tag: digest, digest: true };
  }
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) {
    const tag = ref.slice(colon + 1);
    if (!tag) return undefined;
    return { name: ref.slice(0, colon), tag, digest: false };
  }
  return { name: ref, tag: 'latest', digest: false };
}

function stripTag(name: string): string {
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(0, colon) : name;
}

/** The path segment for /images/{name}/json: the daemon decodes %2F, %3A and %40. */
export function imagePathSegment(ref: string): string {
  return encodeURIComponent(ref);
}

export function pullQuery(r: ImageRef): string {
  return new URLSearchParams({ fromImage: r.name, tag: r.tag }).toString();
}
