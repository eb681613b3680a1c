// Docker API versions are "major.minor" compared as numbers: 1.9 < 1.41 < 1.50, which a
// string or float comparison gets wrong.

export type ApiVersion = readonly [number, number];

const SHAPE = /^(\d{1,3})\.(\d{1,3})$/;

/** "1.41" -> [1, 41]; anything else (v1.41, 1.41.0, 1.x, '') -> undefined. */
export function parseApiVersion(text: unknown): ApiVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const m = SHAPE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareApiVersions(a: ApiVersion, b: ApiVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function formatApiVersion(v: ApiVersion): string {
  return `${v[0]}.${v[1]}`;
}
