// Replies recorded from real Docker software, for hand-written transcripts: Debian 12's
// dockerd 20.10.24 (API 1.41, MinAPIVersion 1.12) over curl --unix-socket, and the docker
// CLIs 28.2.2 (/usr/local/bin) and 20.10.24 (/usr/bin) run with a dead DOCKER_HOST.
import type { ApiSpec } from './fake-host.js';

const HEADERS = { 'api-version': '1.41', 'docker-experimental': 'false', ostype: 'linux', server: 'Docker/20.10.24+dfsg1 (linux)' };

export const PING_OK: ApiSpec = {
  status: 200,
  headers: { ...HEADERS, 'cache-control': 'no-cache, no-store, must-revalidate', pragma: 'no-cache', 'content-type': 'text/plain; charset=utf-8' },
  body: 'OK',
};

export const VERSION_2010: ApiSpec = {
  status: 200,
  headers: { ...HEADERS, 'content-type': 'application/json' },
  body: '{"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24+dfsg1","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"2026-05-07T21:09:36.000000000+00:00","Experimental":"false","GitCommit":"5d6db84","GoVersion":"go1.19.8","KernelVersion":"6.18.44-fc-v782","MinAPIVersion":"1.12","Os":"linux"}},{"Name":"containerd","Version":"1.6.20~ds1","Details":{"GitCommit":"1.6.20~ds1-1+deb12u3"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":""}}],"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.18.44-fc-v782","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}',
};

/** GET /v1.50/version */
export const TOO_NEW_150: ApiSpec = {
  status: 400,
  headers: { ...HEADERS, 'content-type': 'application/json' },
  body: '{"message":"client version 1.50 is too new. Maximum supported API version is 1.41"}',
};

/** GET /v1.11/version: too old is answered in text/plain. */
export const TOO_OLD_111: ApiSpec = {
  status: 400,
  headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  body: 'client version 1.11 is too old. Minimum supported API version is 1.12, please upgrade your client to a newer version\n',
};

export const CLIENT_28 = {
  exitCode: 1,
  stdout: '{"Version":"28.2.2","ApiVersion":"1.50","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default"}\n',
  stderr: 'Cannot connect to the Docker daemon at unix:///nonexistent/docker-doctor.sock. Is the docker daemon running?\n',
};

export const CLIENT_2010 = {
  exitCode: 1,
  stdout: '{"Platform":{"Name":""},"Version":"20.10.24+dfsg1","ApiVersion":"1.41","DefaultAPIVersion":"1.41","GitCommit":"297e128","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","BuildTime":"Thu May  7 21:09:36 2026","Context":"default","Experimental":true}\n',
  stderr: 'Cannot connect to the Docker daemon at unix:///nonexistent/docker-doctor.sock. Is the docker daemon running?\n',
};

export const CONTAINER_ID = '50dec0a7c31148953d4819d849e9a9846d3c6a053968e56e32fb80f3a745ca17';

export const IMAGE_INSPECT_404: ApiSpec = { status: 404, headers: { ...HEADERS, 'content-type': 'application/json' }, body: '{"message":"no such image: nosuch: No such image: nosuch:latest"}' };
export const CREATED: ApiSpec = { status: 201, headers: { ...HEADERS, 'content-type': 'application/json' }, body: `{"Id":"${CONTAINER_ID}","Warnings":[]}` };
export const NO_CONTENT: ApiSpec = { status: 204, headers: HEADERS, body: '' };
export const WAIT_0: ApiSpec = { status: 200, headers: { ...HEADERS, 'content-type': 'application/json' }, body: '{"Error":null,"StatusCode":0}' };
export const START_OCI_ERROR: ApiSpec = {
  status: 400,
  headers: { ...HEADERS, 'content-type': 'application/json' },
  body: '{"message":"failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \\"/nonexistent\\": stat /nonexistent: no such file or directory: unknown"}',
};
export const PULL_NO_REGISTRY: ApiSpec = {
  status: 500,
  headers: { ...HEADERS, 'content-type': 'application/json' },
  body: '{"message":"Get \\"https://registry-1.docker.io/v2/\\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host"}',
};

/** A multiplexed log stream: [stream, 0, 0, 0, size BE32] + bytes per frame. */
export function frames(...parts: [1 | 2, string][]): Buffer {
  return Buffer.concat(
    parts.map(([stream, text]) => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = stream;
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    }),
  );
}
