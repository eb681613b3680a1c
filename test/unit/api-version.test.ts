import { describe, expect, it } from 'vitest';
import { compareApiVersions, formatApiVersion, parseApiVersion } from '../../src/lib/api-version.js';

describe('parseApiVersion', () => {
  it.each([
    ['1.41', [1, 41]],
    [' 1.50 ', [1, 50]],
    ['1.9', [1, 9]],
    ['2.0', [2, 0]],
    ['v1.41', undefined],
    ['1.41.0', undefined],
    ['1', undefined],
    ['', undefined],
    ['1.x', undefined],
    ['1.41\u001b[0m', undefined],
    [1.41, undefined],
    [null, undefined],
  ])('%j -> %j', (text, want) => expect(parseApiVersion(text)).toEqual(want));
});

describe('compareApiVersions', () => {
  it.each([
    ['1.9', '1.41', -1],
    ['1.41', '1.9', 1],
    ['1.41', '1.41', 0],
    ['1.100', '1.99', 1],
    ['2.0', '1.99', 1],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(compareApiVersions(parseApiVersion(a)!, parseApiVersion(b)!))).toBe(sign));

  it('formats back without leading zeros', () => expect(formatApiVersion(parseApiVersion('01.041')!)).toBe('1.41'));
});
