// A hostile peer on a unix socket that speaks just enough HTTP to look like a Docker daemon,
// written byte by byte (node's http server refuses control characters in headers).
import net from 'node:net';

export interface FakeReply {
  status: number;
  /** Raw header lines, any bytes. */
  headers: string[];
  body: string;
}

export type FakeRoute = (method: string, path: string) => FakeReply;

export interface FakeDaemon {
  socket: string;
  requests: string[];
  close(): Promise<void>;
}

export function fakeDaemon(socket: string, route: FakeRoute): Promise<FakeDaemon> {
  const requests: string[] = [];
  const server = net.createServer((conn) => {
    let head = '';
    conn.on('error', () => undefined);
    conn.on('data', (b: Buffer) => {
      if (head.includes('\r\n\r\n')) return;
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const [method = '', path = ''] = head.split('\r\n')[0]!.split(' ');
      requests.push(`${method} ${path}`);
      const r = route(method, path);
      const body = Buffer.from(r.body, 'latin1');
      const lines = [`HTTP/1.1 ${r.status} Whatever`, ...r.headers, `Content-Length: ${body.length}`, 'Connection: close', '', ''];
      conn.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () =>
      resolve({
        socket,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}
