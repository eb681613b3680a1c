import { describe, expect, it } from 'vitest';
import { psQuote, shQuote } from '../../src/lib/shell-quote.js';

describe('quoting for paste', () => {
  it.each([
    ['hello-world', 'hello-world'],
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['my dir/x', "'my dir/x'"],
    ["it's", "'it'\\''s'"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
  ])('sh %j', (s, q) => expect(shQuote(s)).toBe(q));

  it.each([
    ['C:\\Program Files\\Docker', "'C:\\Program Files\\Docker'"],
    ["O'Brien", "'O''Brien'"],
    ['$env:USERNAME', "'$env:USERNAME'"],
    ['mei', 'mei'],
  ])('PowerShell %j', (s, q) => expect(psQuote(s)).toBe(q));
});
