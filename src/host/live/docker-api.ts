import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiFailure, ApiRequest, ApiResponse, Endpoint } from '../types.js';

const DEFAULT_MAX = 1024 * 1024;

function classify(err: NodeJS.ErrnoException): ApiFailure {
  const code = err.code ?? '';
  if (code === 'ENOENT') return 'socket-missing';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'EACCES' || code === 'EPERM') return 'permission-denied';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (['ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return 'host-unreachable';
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code) || /ssl|tls|certificate/i.test(err.message)) return 'tls-error';
  if (code.startsWith('HPE_') || code === 'ECONNRESET' || code === 'EPIPE') return 'protocol-error';
  return 'other';
}

function tlsOptions(ep: Endpoint): https.RequestOptions {
  const dir = ep.tls?.certPath;
  if (!dir) return { rejectUnauthorized: ep.tls?.verify ?? false };
  const read = (f: string) => {
    try {
      return readFileSync(path.join(dir, f));
    } catch {
      return undefined;
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), rejectUnauthorized: ep.tls?.verify ?? false };
}

/**
 * One request to the Docker Engine API with a hard deadline. Never throws: every way of not
 * getting an answer is a typed failure, and `connected` tells a hung daemon (connected, no
 * reply) from one that is not there.
 */
export function apiLive(ep: Endpoint | undefined, req: ApiRequest & { binary?: boolean }, timeoutMs: number, signal?: AbortSignal): Promise<ApiResponse> {
  if (!ep) return Promise.resolve({ ok: false, reason: 'no-endpoint', connected: false, detail: 'no endpoint' });
  const base: http.RequestOptions = {
    method: req.method,
    path: req.path,
    headers: { Host: 'docker', 'User-Agent': 'docker-doctor', ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    agent: false,
  };
  let transport: typeof http | typeof https = http;
  if (ep.scheme === 'unix' || ep.scheme === 'npipe') base.socketPath = ep.socketPath;
  else if (ep.scheme === 'tcp' || ep.scheme === 'http' || ep.scheme === 'https') {
    base.host = ep.host;
    base.port = ep.port;
    if (ep.tls || ep.scheme === 'https') {
      transport = https;
      Object.assign(base, tlsOptions(ep));
    }
  } else {
    return Promise.resolve({ ok: false, reason: 'unsupported-endpoint', connected: false, detail: `${ep.scheme}:// endpoints are not probed directly` });
  }
  const max = req.maxBytes ?? DEFAULT_MAX;
  const limit = req.timeoutMs ?? timeoutMs;

  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const finish = (r: ApiResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const r = transport.request(base, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let truncated = false;
      res.on('data', (b: Buffer) => {
        if (bytes < max) chunks.push(b.subarray(0, max - bytes));
        bytes += b.length;
        if (bytes > max) {
          truncated = true;
          res.destroy();
          done();
        }
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      const done = () => {
        const body = Buffer.concat(chunks);
        finish({ ok: true, status: res.statusCode ?? 0, headers, body: body.toString(req.binary ? 'base64' : 'utf8'), encoding: req.binary ? 'base64' : 'utf8', truncated });
      };
      res.on('end', done);
      res.on('error', () => done());
    });
    r.on('socket', (s) => {
      s.on('connect', () => (connected = true));
      s.on('secureConnect', () => (connected = true));
    });
    r.on('error', (err: NodeJS.ErrnoException) => {
      // the code alone (EPROTO) hides what a TLS failure was about; the message alone may lack the code
      const detail = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message || (err.code ?? 'error');
      finish({ ok: false, reason: classify(err), connected, detail });
    });
    const timer = setTimeout(() => {
      finish({ ok: false, reason: 'timeout', connected, detail: `no answer within ${limit} ms` });
      r.destroy();
    }, limit);
    const onAbort = () => {
      finish({ ok: false, reason: 'timeout', connected, detail: 'aborted' });
      r.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (req.body !== undefined) r.write(JSON.stringify(req.body));
    r.end();
  });
}
