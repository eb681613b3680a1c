import { UsageError } from './errors.js';
import type { EvidenceEntry } from './host/evidence.js';
import { LiveFiles } from './host/live/files.js';
import type { Replay } from './run.js';
import { cleanValue } from './sanitize.js';

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** A report on a dead network mount must not hang the doctor either: the read has a deadline. */
async function readBounded(file: string, timeoutMs: number): Promise<string> {
  const r = await new LiveFiles(undefined, timeoutMs).read(file, { maxBytes: MAX_REPORT_BYTES + 1 });
  if (!r.ok) {
    if (r.error === 'EISDIR') throw new UsageError(`${file} is not a file`);
    throw new UsageError(`cannot read ${file}: ${r.error === 'TIMEOUT' ? `no answer within ${timeoutMs} ms` : r.error}`);
  }
  if (r.size > MAX_REPORT_BYTES) throw new UsageError(`${file} is larger than ${MAX_REPORT_BYTES} bytes; not a docker-doctor report`);
  return r.content;
}

/** Reads a report for `replay`; anything that is not one is a usage error, not a crash. */
export async function readReplay(file: string, timeoutMs: number): Promise<Replay & { options: { host?: string; context?: string; image?: string; pull?: boolean; timeoutMs?: number; root?: string } }> {
  let doc: unknown;
  try {
    doc = JSON.parse((await readBounded(file, timeoutMs)).replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} is not valid JSON: ${cleanValue((err as Error).message, 120)}`);
  }
  const r = doc as { schemaVersion?: unknown; evidence?: unknown; generatedAt?: unknown; host?: { distro?: unknown; platform?: unknown }; invocation?: { options?: Record<string, unknown> } };
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || !Array.isArray(r.evidence)) {
    throw new UsageError(`${file} is not a docker-doctor report (schemaVersion 1 with evidence)`);
  }
  const evidence = r.evidence.filter((e): e is EvidenceEntry => !!e && typeof e === 'object' && typeof (e as EvidenceEntry).kind === 'string' && typeof (e as EvidenceEntry).request === 'object');
  const o = r.invocation?.options ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    file,
    generatedAt: cleanValue(String(r.generatedAt ?? '?'), 40),
    host: cleanValue(String(r.host?.distro ?? r.host?.platform ?? '?'), 80),
    evidence,
    options: {
      host: str(o.host),
      context: str(o.context),
      image: str(o.image),
      pull: o.pull === true,
      // a replayed --root report keeps its rooted view: live probes stay unavailable
      root: str(o.root),
      ...(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 ? { timeoutMs: o.timeoutMs } : {}),
    },
  };
}
