import { describe, expect, it } from 'vitest';
import { imagePathSegment, parseImageRef, pullQuery } from '../../src/lib/image-ref.js';

const DIGEST = 'sha256:21a3deaa0d32a8057914f36584b5288d2e5ecc984380bc0118285c70fa8c9300';

describe('parseImageRef', () => {
  it.each([
    ['hello-world', 'hello-world', 'latest'],
    ['hello-world:linux', 'hello-world', 'linux'],
    ['library/alpine:3.20', 'library/alpine', '3.20'],
    ['registry.example.com:5000/team/app', 'registry.example.com:5000/team/app', 'latest'],
    ['registry.example.com:5000/team/app:1.2', 'registry.example.com:5000/team/app', '1.2'],
    [`alpine@${DIGEST}`, 'alpine', DIGEST],
    [`alpine:3.20@${DIGEST}`, 'alpine', DIGEST],
    [`localhost:5000/app@${DIGEST}`, 'localhost:5000/app', DIGEST],
  ])('%s', (ref, name, tag) => expect(parseImageRef(ref)).toMatchObject({ name, tag }));

  it.each(['', 'hello world', '../etc', 'a/../b', 'a//b', 'app:', 'app@sha256:xyz', '-rf', 'x?all=1', 'x#y', '\u001b[2Jx', 'a'.repeat(600)])('refuses %j', (ref) =>
    expect(parseImageRef(ref)).toBeUndefined(),
  );
});

describe('encoding', () => {
  it('the whole reference is one path segment', () => {
    expect(imagePathSegment('registry.example.com:5000/team/app:1.2')).toBe('registry.example.com%3A5000%2Fteam%2Fapp%3A1.2');
    expect(imagePathSegment(`alpine@${DIGEST}`)).toBe(`alpine%40${DIGEST.replace(':', '%3A')}`);
  });

  it('the pull query escapes what needs it', () => {
    expect(pullQuery(parseImageRef('registry.example.com:5000/team/app:1.2')!)).toBe('fromImage=registry.example.com%3A5000%2Fteam%2Fapp&tag=1.2');
    expect(pullQuery(parseImageRef('hello-world')!)).toBe('fromImage=hello-world&tag=latest');
  });
});
