import { describe, expect, it } from 'vitest';
import { parseGroupFile } from '../../src/lib/etc-group.js';

describe('parseGroupFile', () => {
  it('reads names, gids and members (Debian 12)', () => {
    const text = 'root:x:0:\nsudo:x:27:mei\ndocker:x:105:mei, alice\r\n';
    expect(parseGroupFile(text)).toEqual([
      { name: 'root', gid: 0, members: [] },
      { name: 'sudo', gid: 27, members: ['mei'] },
      { name: 'docker', gid: 105, members: ['mei', 'alice'] },
    ]);
  });

  it('skips comments, NIS lines, broken and binary lines', () => {
    const text = '# comment\n+:::\n-bad\nnogid:x:\nweird:x:abc:\n\u0000\u00ff\u001b[2J\ndocker:x:999\n';
    expect(parseGroupFile(text)).toEqual([{ name: 'docker', gid: 999, members: [] }]);
  });
});
