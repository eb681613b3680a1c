// Transcripts recorded live by the doctor's own probes against a real dockerd 20.10 (see
// test/fixtures/recorded/), replayed through the same checks: a recorded report is a fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import apiVersion from '../../checks/api-version.js';
import containerRun from '../../checks/container-run.js';
import daemonReachable from '../../checks/daemon-reachable.js';
import dockerCli from '../../checks/docker-cli.js';
import dockerContext from '../../checks/docker-context.js';
import type { AnyCheck } from '../../src/check.js';
import type { RunOptions } from '../../src/context.js';
import { replayProbes, type EvidenceEntry } from '../../src/host/evidence.js';
import { runCheck } from '../helpers/check-tester.js';

interface Recorded {
  options: RunOptions;
  expected: { id: string; status: string; code: string; data: Record<string, unknown>; commands: string[] }[];
  evidence: EvidenceEntry[];
}

const CHECKS: Record<string, AnyCheck> = Object.fromEntries([dockerCli, dockerContext, daemonReachable, apiVersion, containerRun].map((c) => [c.id, c as AnyCheck]));
const dir = new URL('../fixtures/recorded/', import.meta.url);
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((file) => {
    const rec = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Recorded;
    return rec.expected.map((e) => ({ file, id: e.id, e, rec }));
  });

describe('recorded transcripts replay to the same verdicts', () => {
  it('there are fixtures', () => expect(rows.length).toBeGreaterThan(10));

  it.each(rows)('$file: $id', async ({ id, e, rec }) => {
    const r = await runCheck(CHECKS[id]!, { probes: replayProbes(rec.evidence), options: rec.options });
    expect([r.status, r.code]).toEqual([e.status, e.code]);
    expect(r.data).toEqual(e.data);
    expect(r.commands).toEqual(e.commands);
  });
});
