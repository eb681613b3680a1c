import { describe, expect, it } from 'vitest';
import { defineCheck, type AnyCheck, type CheckResult } from '../../src/check.js';
import { checkContext, createShared } from '../../src/context.js';
import { runChecks } from '../../src/runner.js';
import { fakeProbes } from '../helpers/fake-host.js';
import { DEFAULT_OPTIONS } from '../helpers/check-tester.js';

const text = { en: 'x {detail}', 'zh-CN': 'x {detail}' };
function make(id: string, run: AnyCheck['run'], extra: Partial<AnyCheck> = {}): AnyCheck {
  return defineCheck({
    id,
    title: { en: id, 'zh-CN': id },
    category: 'daemon',
    platforms: ['linux'],
    docs: 'https://example.invalid/',
    codes: { ok: 'fine', bad: 'broken' },
    messages: { m: text },
    run,
    ...extra,
  });
}
const pass = async (): Promise<CheckResult> => ({ status: 'pass', code: 'ok', message: 'm' });
const fail = async (): Promise<CheckResult> => ({ status: 'fail', code: 'bad', message: 'm', fix: { explain: 'm', commands: ['do it'] } });

async function run(checks: AnyCheck[], timeoutMs = 200, host = {}) {
  const shared = createShared(fakeProbes(host), { ...DEFAULT_OPTIONS, timeoutMs });
  const out = await runChecks(checks, { timeoutMs, platform: 'linux', makeContext: (_c, s, dep) => checkContext(shared, s, dep) });
  return Object.fromEntries(out.map((o) => [o.id, o]));
}

describe('runner', () => {
  it('runs independent checks concurrently, not one after another', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async (): Promise<CheckResult> => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return { status: 'pass', code: 'ok', message: 'm' };
    };
    await run([make('a', slow), make('b', slow), make('c', slow)]);
    expect(most).toBe(3);
  });

  it.each([
    ['a dependency failed', fail, 'skip', 'dependency-not-passed'],
    ['a dependency passed', pass, 'pass', 'ok'],
  ])('when %s the dependent is %s', async (_n, depRun, status, code) => {
    const r = await run([make('dep', depRun), make('child', pass, { dependsOn: ['dep'] })]);
    expect([r.child!.status, r.child!.code]).toEqual([status, code]);
    if (status === 'skip') expect(r.child!.data.dependency).toBe('dep');
  });

  it('gives the dependent its dependency result', async () => {
    let seen: CheckResult | undefined;
    await run([make('dep', pass), make('child', async (ctx) => ((seen = ctx.dependency('dep')), { status: 'pass', code: 'ok', message: 'm' }), { dependsOn: ['dep'] })]);
    expect(seen?.code).toBe('ok');
  });

  it('turns a throw into error and keeps the others going', async () => {
    const r = await run([make('boom', async () => { throw new Error('kaput'); }), make('fine', pass)]);
    expect([r.boom!.status, r.boom!.code, r.boom!.data.detail]).toEqual(['error', 'check-crashed', 'kaput']);
    expect(r.fine!.status).toBe('pass');
  });

  it('turns a hung check into error at its deadline and aborts its signal', async () => {
    let aborted = false;
    const hang = make('hang', (ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => (aborted = true))), { deadlineMs: () => 50 });
    const r = await run([hang]);
    expect([r.hang!.status, r.hang!.code]).toEqual(['error', 'check-timeout']);
    expect(aborted).toBe(true);
  });

  it.each([
    ['an undocumented code', async () => ({ status: 'pass', code: 'nope', message: 'm' })],
    ['a fail without a fix', async () => ({ status: 'fail', code: 'bad', message: 'm' })],
    ['an unknown message', async () => ({ status: 'pass', code: 'ok', message: 'zzz' })],
    ['a status of its own', async () => ({ status: 'error', code: 'ok', message: 'm' })],
  ])('marks %s as invalid-result', async (_n, bad) => {
    const r = await run([make('liar', bad as AnyCheck['run'])]);
    expect([r.liar!.status, r.liar!.code]).toEqual(['error', 'invalid-result']);
  });

  it('skips a probe the transcript does not have as not-recorded', async () => {
    const r = await run([make('probe', async (ctx) => (await ctx.exec('docker', ['info']), { status: 'pass', code: 'ok', message: 'm' }))]);
    expect([r.probe!.status, r.probe!.code]).toEqual(['skip', 'not-recorded']);
  });

  it('skips live probes under --root as not-available-with-root', async () => {
    const shared = createShared(fakeProbes({}), { ...DEFAULT_OPTIONS, root: '/tree' });
    const c = make('live', async (ctx) => (await ctx.docker.ping(), { status: 'pass', code: 'ok', message: 'm' }));
    const [o] = await runChecks([c], { timeoutMs: 100, platform: 'linux', makeContext: (_c, s, d) => checkContext(shared, s, d) });
    expect([o!.status, o!.code]).toEqual(['skip', 'not-available-with-root']);
  });

  it('skips checks for another platform', async () => {
    const r = await run([make('win', pass, { platforms: ['win32'] })]);
    expect([r.win!.status, r.win!.code]).toEqual(['skip', 'not-applicable']);
  });
});
