import { describe, expect, it } from 'vitest';
import { isStopped, parsePids, parseProcStatus } from '../../src/lib/proc-status.js';

describe('parseProcStatus', () => {
  it.each([
    ['Name:\tdockerd\nUmask:\t0022\nState:\tT (stopped)\nTgid:\t5501\n', 'dockerd', 'T', true],
    ['Name:\tdockerd\nState:\tt (tracing stop)\n', 'dockerd', 't', true],
    ['Name:\tdockerd\nState:\tS (sleeping)\n', 'dockerd', 'S', false],
    ['Name:\tdockerd\nState:\tR (running)\n', 'dockerd', 'R', false],
    ['\u0000\u00ff\u001b[2J', undefined, undefined, false],
  ])('%j', (text, name, state, stopped) => {
    const s = parseProcStatus(text);
    expect([s.name, s.state, isStopped(s)]).toEqual([name, state, stopped]);
  });
});

describe('parsePids', () => {
  it('keeps positive pids, at most max', () => {
    expect(parsePids('5501\n7790\n')).toEqual([5501, 7790]);
    expect(parsePids('0\n-1\nabc\n 42 \n9999999999\n')).toEqual([42]);
    expect(parsePids('1\n2\n3\n', 2)).toEqual([1, 2]);
  });
});
