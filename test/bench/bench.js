// npm run bench: start-up and run times of the built CLI against a private dockerd, as medians
// over several runs after a warm-up, next to an empty node script started the same way.
// Usage: node test/bench/bench.js [--runs 9] [--timeout 1000]
// Exits 1 when a target is missed, 2 when the bench itself cannot run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importHelloWorld, startDockerd, unavailableReason } from '../integration/dockerd.js';

const BIN = fileURLToPath(new URL('../../bin/docker-doctor.js', import.meta.url));

function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`bench: ${name} needs a positive whole number\n`);
    process.exit(2);
  }
  return v;
}

const RUNS = flag('--runs', 9);
const TIMEOUT_MS = flag('--timeout', 1000);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time of one process, from spawn to exit, with stdout and stderr piped (as in CI). */
function timeOnce(args, env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, code: r.status, stderr: r.stderr.toString('utf8') };
}

function measure(name, args, env, expectCodes) {
  timeOnce(args, env); // warm-up: page cache, compile cache
  const times = [];
  const codes = new Set();
  let stderr = '';
  for (let i = 0; i < RUNS; i++) {
    const r = timeOnce(args, env);
    times.push(r.ms);
    codes.add(r.code);
    if (r.stderr) stderr = r.stderr;
  }
  const unexpected = [...codes].filter((c) => !expectCodes.includes(c));
  if (unexpected.length) process.stderr.write(`bench: ${name}: exit codes ${[...codes].join(',')} (expected ${expectCodes.join(' or ')})${stderr ? `\n${stderr.trim().split('\n').slice(-3).join('\n')}` : ''}\n`);
  return { name, median: median(times), min: Math.min(...times), max: Math.max(...times), codes: [...codes] };
}

async function main() {
  const why = unavailableReason();
  if (why) {
    process.stderr.write(`bench: needs a private dockerd: ${why}\n`);
    return 2;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir().length <= 40 ? os.tmpdir() : '/tmp', 'ddb-'));
  const empty = path.join(scratch, 'empty.mjs');
  writeFileSync(empty, '');
  // one environment for every run, the test runner's own (NODE_EXTRA_CA_CERTS included, which
  // costs every node start the same), without anything that picks another daemon
  const env = { ...process.env, DOCKER_CONFIG: scratch, LANG: 'C.UTF-8' };
  for (const k of Object.keys(env)) if (/^DOCKER_(HOST|CONTEXT|API_VERSION|TLS_VERIFY|CERT_PATH)$|^(NO_COLOR|FORCE_COLOR|NODE_OPTIONS)$/.test(k)) delete env[k];

  const daemon = await startDockerd({ label: 'bench' });
  let rows;
  try {
    importHelloWorld(daemon);
    const run = ['--host', daemon.host, '--timeout', String(TIMEOUT_MS)];
    rows = [
      { ...measure('node (empty script)', [empty], env, [0]), target: undefined },
      { ...measure('docker-doctor --version', [BIN, '--version'], env, [0]), target: { ratio: 1.5 } },
      { ...measure('run --skip container-run', [BIN, ...run, '--skip', 'container-run'], env, [0, 1]), target: { ratio: 3 } },
      { ...measure('run (full)', [BIN, ...run], env, [0, 1]), target: undefined },
    ];
    daemon.freeze();
    try {
      rows.push({ ...measure(`run, daemon frozen (SIGSTOP)`, [BIN, ...run], env, [1]), target: { ms: TIMEOUT_MS + 1000 } });
    } finally {
      daemon.thaw();
    }
  } finally {
    await daemon.stop();
    rmSync(scratch, { recursive: true, force: true });
  }

  const base = rows[0].median;
  const lines = [
    `docker-doctor bench: ${RUNS} runs each after 1 warm-up, --timeout ${TIMEOUT_MS} ms, node ${process.version}, ${os.cpus().length} CPUs`,
    `NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'} (the same for every row)`,
    '',
    '| run | median ms | min–max ms | × node | target | |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  let missed = 0;
  for (const r of rows) {
    const ratio = r.median / base;
    let target = '';
    let ok = '';
    if (r.target?.ratio) {
      target = `<= ${r.target.ratio}× node`;
      ok = ratio <= r.target.ratio ? 'ok' : 'MISSED';
    } else if (r.target?.ms) {
      target = `<= ${r.target.ms} ms (timeout + 1 s)`;
      ok = r.median <= r.target.ms ? 'ok' : 'MISSED';
    }
    if (ok === 'MISSED') missed++;
    lines.push(`| ${r.name} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ${ratio.toFixed(2)} | ${target} | ${ok} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
