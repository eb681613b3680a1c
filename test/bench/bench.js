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

/**
 * Medians per case. The cases take turns, run after run, so that a burst of load on the machine
 * hits all of them alike instead of one row.
 */
function measureAll(cases, env) {
  for (const c of cases) timeOnce(c.args, env); // warm-up: page cache, compile cache
  const times = cases.map(() => []);
  const codes = cases.map(() => new Set());
  const stderr = cases.map(() => '');
  for (let i = 0; i < RUNS; i++) {
    cases.forEach((c, k) => {
      const r = timeOnce(c.args, env);
      times[k].push(r.ms);
      codes[k].add(r.code);
      if (r.stderr) stderr[k] = r.stderr;
    });
  }
  return cases.map((c, k) => {
    const seen = [...codes[k]];
    if (seen.some((x) => !c.codes.includes(x))) {
      const tail = stderr[k] ? `\n${stderr[k].trim().split('\n').slice(-3).join('\n')}` : '';
      process.stderr.write(`bench: ${c.name}: exit codes ${seen.join(',')} (expected ${c.codes.join(' or ')})${tail}\n`);
    }
    return { name: c.name, target: c.target, median: median(times[k]), min: Math.min(...times[k]), max: Math.max(...times[k]), codes: seen };
  });
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
    rows = measureAll(
      [
        { name: 'node (empty script)', args: [empty], codes: [0] },
        { name: 'docker-doctor --version', args: [BIN, '--version'], codes: [0], target: { ratio: 1.5 } },
        { name: 'run --skip container-run', args: [BIN, ...run, '--skip', 'container-run'], codes: [0, 1], target: { ratio: 3 } },
        { name: 'run (full)', args: [BIN, ...run], codes: [0, 1] },
      ],
      env,
    );
    daemon.freeze();
    try {
      rows.push(...measureAll([{ name: 'run, daemon frozen (SIGSTOP)', args: [BIN, ...run], codes: [1], target: { ms: TIMEOUT_MS + 1000 } }], env));
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
