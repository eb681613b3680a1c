import { describe, expect, it } from 'vitest';
import { demuxLogs, isMultiplexed } from '../../src/lib/docker-stream.js';
import { frames } from '../helpers/docker-replies.js';

describe('demuxLogs', () => {
  it('splits stdout and stderr frames (bytes recorded from dockerd 20.10)', () => {
    const real = Buffer.from([1, 0, 0, 0, 0, 0, 0, 4, 0x6f, 0x75, 0x74, 0x0a, 2, 0, 0, 0, 0, 0, 0, 4, 0x65, 0x72, 0x72, 0x0a]);
    expect(demuxLogs(real)).toEqual({ stdout: 'out\n', stderr: 'err\n', combined: 'out\nerr\n', multiplexed: true });
  });

  it('joins a UTF-8 character split across two frames', () => {
    const bytes = Buffer.from('你好');
    const a = frames([1, '']);
    const f1 = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 2]), bytes.subarray(0, 2)]);
    const f2 = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 4]), bytes.subarray(2)]);
    expect(demuxLogs(Buffer.concat([a, f1, f2])).stdout).toBe('你好');
  });

  it.each([
    ['a TTY stream (raw text)', Buffer.from('Hello from Docker!\n'), 'Hello from Docker!\n', false],
    ['empty', Buffer.alloc(0), '', false],
    ['a header with a bad stream byte', Buffer.from([7, 0, 0, 0, 0, 0, 0, 1, 0x41]), '\u0007\u0000\u0000\u0000\u0000\u0000\u0000\u0001A', false],
  ])('%s is used as is', (_name, buf, text, mux) => {
    const d = demuxLogs(buf);
    expect([d.combined, d.multiplexed]).toEqual([text, mux]);
  });

  it('a last frame cut by the size cap keeps what arrived', () => {
    const full = frames([1, 'hello world\n']);
    expect(demuxLogs(full.subarray(0, 13)).stdout).toBe('hello');
  });

  it('a frame claiming 4 GiB does not allocate it', () => {
    const buf = Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x41, 0x42]);
    expect(isMultiplexed(buf)).toBe(true);
    expect(demuxLogs(buf).stdout).toBe('AB');
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      const buf = Buffer.alloc(n % 40, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0xff));
      expect(() => demuxLogs(buf)).not.toThrow();
    }
  });
});
