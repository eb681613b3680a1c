// Container logs of a container without a TTY come multiplexed: frames of an 8-byte header
// [stream, 0, 0, 0, size (uint32 big endian)] followed by `size` bytes. With a TTY (or from
// some proxies) they are the raw bytes. Hostile input must never throw.

export interface Demuxed {
  stdout: string;
  stderr: string;
  /** Both streams in order, as a terminal would have shown them. */
  combined: string;
  multiplexed: boolean;
}

/** True when the whole buffer is a well-formed sequence of frames. */
export function isMultiplexed(buf: Uint8Array): boolean {
  if (buf.length < 8) return false;
  let at = 0;
  while (at < buf.length) {
    if (at + 8 > buf.length) return false;
    if (buf[at]! > 2 || buf[at + 1] !== 0 || buf[at + 2] !== 0 || buf[at + 3] !== 0) return false;
    const size = ((buf[at + 4]! << 24) >>> 0) + (buf[at + 5]! << 16) + (buf[at + 6]! << 8) + buf[at + 7]!;
    at += 8 + size;
  }
  // a truncated last frame (capped body) still counts: the headers were consistent so far
  return true;
}

export function demuxLogs(buf: Uint8Array): Demuxed {
  const decoder = () => new TextDecoder('utf-8', { fatal: false });
  if (!isMultiplexed(buf)) {
    const text = decoder().decode(buf);
    return { stdout: text, stderr: '', combined: text, multiplexed: false };
  }
  const parts: Record<'stdout' | 'stderr', Uint8Array[]> = { stdout: [], stderr: [] };
  const all: Uint8Array[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const size = ((buf[at + 4]! << 24) >>> 0) + (buf[at + 5]! << 16) + (buf[at + 6]! << 8) + buf[at + 7]!;
    const chunk = buf.subarray(at + 8, Math.min(buf.length, at + 8 + size));
    (buf[at] === 2 ? parts.stderr : parts.stdout).push(chunk);
    all.push(chunk);
    at += 8 + size;
  }
  const join = (chunks: Uint8Array[]) => decoder().decode(concat(chunks));
  return { stdout: join(parts.stdout), stderr: join(parts.stderr), combined: join(all), multiplexed: true };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
