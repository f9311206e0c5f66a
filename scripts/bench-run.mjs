#!/usr/bin/env node
// Task-running benchmark: @ms/rust (this repo, packed) running cargo through real Nx, against plain
// cargo, on a synthetic Cargo workspace and on the repo's example workspace (if there is one).
//
//   npm run bench:run                        (builds first, then runs this script)
//   node scripts/bench-run.mjs [--rounds N] [--crates N] [--example DIR] [--skip-unbatched] [--keep] [--baseline REF]
//
// --baseline REF (BENCH_BASELINE) also measures the plugin as it was at git REF (built in a
// temporary worktree with this checkout's node_modules): every workspace gets a twin with that
// plugin installed, measured in the same rounds, so that before and after compare side by side.
// Env equivalents: BENCH_BASELINE, BENCH_ROUNDS (3), BENCH_CRATES (120), BENCH_EXAMPLE (examples/systems),
// BENCH_SKIP_UNBATCHED=1, BENCH_KEEP=1; BENCH_SYNTH (path of synth-workspace), BENCH_NX_VERSION
// (24.0.6), BENCH_DEVKIT_VERSION (24.0.0).
//
// Measured, wall time of the whole command (process start to exit), variants alternating within
// each round so that machine noise hits all of them alike:
//   clean build   `cargo build --workspace` vs `nx run-many -t build --skip-nx-cache` (one batch:
//                 one cargo for every crate) and the same with `--batch=false` (one cargo per task),
//                 target/ and dist/ deleted before every run;
//   fully cached  `nx run-many -t build test lint`, batched and with `--batch=false`, after one
//                 complete run filled Nx's local cache; every task must be a cache hit.
// Every run must exit 0 and every cached run must hit the cache for every task, or the script
// says so and exits 1 (after writing the report). It never fails on a number.
// cargo is reached through a logging shim first on PATH (a two-line /bin/sh script that appends
// its arguments to a file and execs the real cargo; for the baseline too), which counts the cargo
// processes each run started. The example workspace is copied without target/, dist/, .nx/ and
// node_modules/; its nx.json keeps its plugin options, with the plugin named `@ms/rust`.
// The default run takes about 6 minutes on 2 cores, most of it the `--batch=false` clean builds
// (--skip-unbatched leaves them out).
// Progress goes to stderr; the Markdown report goes to stdout and to tmp/bench-run.md.

import { accessSync, appendFileSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OURS, count, createLog, flag, gitCommitAll, gitDescribe, installedVersion, markdown, median, min, npmInstall, nxBin, option, packPlugin, packPluginAt, publishReport, readJson, repoRoot, run, runMain, spawnToFiles, stripAnsi, synthPath, synthesize, toolVersion } from './bench/common.mjs';

// ---------------------------------------------------------------- options

const ROUNDS = count('rounds', 'BENCH_ROUNDS', '3', 1);
const CRATES = count('crates', 'BENCH_CRATES', '120', 1);
const BASELINE = option('baseline', 'BENCH_BASELINE', '');
const SKIP_UNBATCHED = flag('skip-unbatched', 'BENCH_SKIP_UNBATCHED');
const KEEP = flag('keep', 'BENCH_KEEP');
const NX_VERSION = option('nx-version', 'BENCH_NX_VERSION', '24.0.6');
const DEVKIT_VERSION = option('devkit-version', 'BENCH_DEVKIT_VERSION', '24.0.0');
const EXAMPLE = path.resolve(repoRoot, option('example', 'BENCH_EXAMPLE', 'examples/systems'));
const EXAMPLE_NAME = path.relative(repoRoot, EXAMPLE).startsWith('..') ? EXAMPLE : path.relative(repoRoot, EXAMPLE);
const SYNTH = synthPath();
const RUN_TIMEOUT_MS = 30 * 60 * 1000;

const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };

// ---------------------------------------------------------------- small helpers

const log = createLog('bench:run');

const secs = (value) => (value === undefined || Number.isNaN(value) ? 'n/a' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** The first executable `cargo` on PATH (the one the executor and the user would start). */
function findCargo(pathVariable) {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'cargo');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error('cargo was not found on PATH');
}

// ---------------------------------------------------------------- environment of measured runs

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'ms-rust-bench-run-'));
const logDir = path.join(tmpRoot, 'logs');
const shimDir = path.join(tmpRoot, 'bin');
const problems = []; // things the reader of the report must know about, not failures
const failures = []; // correctness failures: the script exits 1
let realCargo;

/**
 * A `cargo` first on PATH that appends its arguments to $BENCH_CARGO_LOG and execs the real one
 * (a few hundred microseconds per process). Baseline and Nx runs both go through it.
 */
function writeCargoShim() {
  realCargo = findCargo(process.env.PATH);
  mkdirSync(shimDir, { recursive: true });
  const quoted = `'${realCargo.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    path.join(shimDir, 'cargo'),
    `#!/bin/sh\n[ -n "$BENCH_CARGO_LOG" ] && printf '%s\\n' "$*" >> "$BENCH_CARGO_LOG"\nexec ${quoted} "$@"\n`,
    { mode: 0o755 },
  );
}

function runEnv(ws, cargoLog) {
  const env = { ...process.env };
  // Default locations and behaviour, whatever the calling shell has set.
  for (const name of Object.keys(env)) {
    if (/^NX_/.test(name) || name === 'CARGO_TARGET_DIR' || name === 'CARGO_BUILD_TARGET_DIR') delete env[name];
  }
  Object.assign(env, NX_ENV, {
    // Nx 24 keeps its cache in ~/.nx/<workspace id> by default; here it stays in the temporary
    // workspace (deleted afterwards) and no other checkout can share it.
    NX_CACHE_DIRECTORY: path.join(ws.dir, '.nx', 'cache'),
    CARGO_NET_OFFLINE: 'true',
    PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`,
  });
  if (cargoLog) env.BENCH_CARGO_LOG = cargoLog;
  else delete env.BENCH_CARGO_LOG;
  return env;
}

// ---------------------------------------------------------------- workspace setup

let tarball;

function pack() {
  if (!existsSync(path.join(repoRoot, 'packages', 'rust', 'dist', 'index.js'))) {
    throw new Error('packages/rust/dist/index.js is missing: run `npm run build` first (or use `npm run bench:run`)');
  }
  log(`packing ${OURS} into ${tmpRoot}`);
  tarball = packPlugin(tmpRoot);
}

function synthesizeWorkspace(ws) {
  synthesize(SYNTH, ws.dir, CRATES, log);
}

/** A copy of the example workspace, without build outputs, with the packed plugin in nx.json. */
function copyExample(ws) {
  log(`copying ${EXAMPLE_NAME} to ${ws.dir}`);
  const dropAtTop = new Set(['target', 'dist', 'node_modules', '.nx', '.git']);
  cpSync(EXAMPLE, ws.dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(EXAMPLE, src);
      const base = path.basename(src);
      return rel === '' || !(dropAtTop.has(rel) || base === 'node_modules' || base === '.git');
    },
  });
  const packageJson = path.join(ws.dir, 'package.json');
  if (!existsSync(packageJson)) {
    writeFileSync(packageJson, `${JSON.stringify({ name: 'bench-example', version: '0.0.0', private: true }, null, 2)}\n`);
  }
  const nxJsonFile = path.join(ws.dir, 'nx.json');
  const nxJson = existsSync(nxJsonFile) ? readJson(nxJsonFile) : { $schema: './node_modules/nx/schemas/nx-schema.json' };
  // The example may name the plugin by a path into this repo; here it is the installed package.
  const isOurs = (entry) => {
    const name = typeof entry === 'string' ? entry : entry?.plugin;
    return name === OURS || (typeof name === 'string' && /packages[\\/]rust/.test(name));
  };
  const plugins = Array.isArray(nxJson.plugins) ? nxJson.plugins : [];
  const ours = plugins.find(isOurs);
  nxJson.plugins = [...plugins.filter((p) => !isOurs(p)), ours && typeof ours === 'object' ? { ...ours, plugin: OURS } : OURS];
  if (nxJson.parallel !== undefined) ws.parallel = nxJson.parallel;
  writeFileSync(nxJsonFile, `${JSON.stringify(nxJson, null, 2)}\n`);
}

function finishSetUp(ws) {
  const gitignore = path.join(ws.dir, '.gitignore');
  const existing = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const missing = ['target/', 'dist/', 'node_modules/', '.nx/'].filter((line) => !existing.split('\n').map((l) => l.trim()).includes(line));
  if (missing.length) appendFileSync(gitignore, `${existing && !existing.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  if (!existsSync(path.join(ws.dir, 'Cargo.lock'))) {
    // A committed Cargo.lock keeps the workspace unchanged between runs. Path dependencies only.
    run(realCargo, ['generate-lockfile', '--offline'], { cwd: ws.dir, env: runEnv(ws) });
  }
  gitCommitAll(ws.dir, 'benchmark workspace');

  const plugin = ws.tarball ?? tarball;
  const specs = [`nx@${NX_VERSION}`, `@nx/devkit@${DEVKIT_VERSION}`, plugin];
  log(`npm install ${specs.map((s) => (s === plugin ? path.basename(s) : s)).join(' ')} in ${ws.dir}`);
  npmInstall(ws.dir, specs);
  ws.nxBin = nxBin(ws.dir);

  const metadata = JSON.parse(run(realCargo, ['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: ws.dir, env: runEnv(ws) }));
  ws.crates = metadata.packages.length;
}

/**
 * Not measured: a `cargo build --workspace` (does the workspace build at all, and warms the file
 * cache), then `nx show projects` (computes the graph once and fills the plugin's cache, as in
 * any workspace where Nx has run before).
 */
function warmUp(ws) {
  log(`${ws.id}: warm-up cargo build --workspace`);
  clean(ws);
  const cargo = timed(ws, 'warmup-cargo', path.join(shimDir, 'cargo'), ['build', '--workspace']);
  if (cargo.status !== 0) throw new Error(`cargo build --workspace failed (exit ${cargo.status})\n${excerpt(cargo.output)}`);
  log(`${ws.id}: warm-up cargo build took ${secs(cargo.wall)} s`);
  clean(ws);
  const show = timed(ws, 'warmup-show-projects', process.execPath, [ws.nxBin, 'show', 'projects']);
  if (show.status !== 0) throw new Error(`nx show projects failed (exit ${show.status})\n${excerpt(show.output)}`);
  ws.projects = show.stdout.split('\n').filter((line) => line.trim()).length;
  log(`${ws.id}: ${ws.crates} crates, ${ws.projects} Nx projects`);
  if (ws.projects !== ws.crates) problems.push(`${ws.label}: \`nx show projects\` lists ${ws.projects} projects for ${ws.crates} crates.`);
}

function clean(ws) {
  rmSync(path.join(ws.dir, 'target'), { recursive: true, force: true });
  rmSync(path.join(ws.dir, 'dist'), { recursive: true, force: true });
}

// ---------------------------------------------------------------- one measured run

let runNumber = 0;

/** Runs one command in the workspace, output to files (not pipes: Nx exits without draining them). */
function timed(ws, tag, file, args) {
  const base = path.join(logDir, `${String(++runNumber).padStart(3, '0')}-${ws.id}-${tag}`.replace(/[^\w.-]+/g, '-'));
  const outFile = `${base}.stdout`;
  const errFile = `${base}.stderr`;
  const cargoLog = `${base}.cargo`;
  writeFileSync(cargoLog, '');
  const { result, elapsedNs } = spawnToFiles(file, args, { cwd: ws.dir, env: runEnv(ws, cargoLog), timeout: RUN_TIMEOUT_MS }, outFile, errFile);
  const wall = elapsedNs / 1e9;
  const stdout = stripAnsi(readFileSync(outFile, 'utf8'));
  const stderr = stripAnsi(readFileSync(errFile, 'utf8'));
  const cargoCalls = readFileSync(cargoLog, 'utf8').split('\n').filter((line) => line.trim());
  const status = result.error ? `${result.error.code ?? result.error.message}` : (result.status ?? result.signal);
  return { status, wall, stdout, stderr, output: `${stdout}\n${stderr}`, cargoCalls, log: base };
}

/** What Nx printed about the run: one entry per task, and its summary lines. */
function parseNx(output) {
  const tasks = new Map();
  for (const [, id, rest] of output.matchAll(/^> nx run (\S+)(.*)$/gm)) {
    const marker = /\[(local cache|remote cache|existing outputs match the cache, left as is)\]/.exec(rest)?.[1];
    tasks.set(id, marker ?? tasks.get(id));
  }
  const cache = /Cache:\s+(\d+)\/(\d+) hit/.exec(output);
  const success = /Successfully ran targets? .*? for (\d+) projects?/.exec(output);
  const duration = /Run duration:\s+(.+)$/m.exec(output);
  return {
    tasks,
    // The lock gate's tasks (`<crate>:cargo-lock`, which run nothing) ride along with the compiling ones.
    gates: [...tasks.keys()].filter((id) => id.endsWith(':cargo-lock')).length,
    cacheHits: cache ? Number(cache[1]) : undefined,
    cacheTotal: cache ? Number(cache[2]) : undefined,
    successProjects: success ? Number(success[1]) : undefined,
    runDuration: duration ? parseDuration(duration[1]) : undefined,
  };
}

/** Nx's "Run duration" ("763ms", "6.9s", "1m 18s") in seconds. */
function parseDuration(text) {
  let total = 0;
  let found = false;
  for (const [, value, unit] of text.matchAll(/([\d.]+)\s*(ms|h|m|s)\b/g)) {
    found = true;
    total += Number(value) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit];
  }
  return found ? total : undefined;
}

/** Which cargo subcommands a run started: "build --tests" apart from "build". */
function cargoKind(line) {
  const args = line.split(/\s+/);
  const sub = args.find((a) => a && !a.startsWith('-') && !a.startsWith('+')) ?? '?';
  return sub === 'build' && args.includes('--tests') ? 'build --tests' : sub;
}

function cargoSummary(calls) {
  if (!calls.length) return '0';
  const kinds = new Map();
  for (const call of calls) kinds.set(cargoKind(call), (kinds.get(cargoKind(call)) ?? 0) + 1);
  return `${calls.length} (${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

/** The part of a failed run's output that explains it. */
function excerpt(output) {
  const lines = output.split('\n').filter((line) => line.trim());
  const interesting = lines.filter((line) => /error|fail|panicked|✖|NX |^\s*- [\w@./-]+:[\w-]+\s*$/i.test(line));
  const picked = interesting.length ? interesting.slice(0, 30) : lines.slice(-30);
  return picked.join('\n');
}

// ---------------------------------------------------------------- the benchmark

const nx = (...args) => ['nx', ...args];
const cleanVariants = [
  { id: 'cargo', label: 'cargo build --workspace', cargo: ['build', '--workspace'] },
  { id: 'nx', label: 'nx run-many -t build --skip-nx-cache', nx: nx('run-many', '-t', 'build', '--skip-nx-cache'), goal: '≤ 1.05' },
  { id: 'nx-unbatched', label: 'nx run-many -t build --skip-nx-cache --batch=false', nx: nx('run-many', '-t', 'build', '--skip-nx-cache', '--batch=false'), goal: '≤ 1.05', unbatched: true },
]
  .filter((v) => !(SKIP_UNBATCHED && v.unbatched))
  .map((v) => ({ ...v, phase: 'clean' }));
const FILL = { id: 'fill', label: 'nx run-many -t build test lint', note: '(the run that filled the cache: empty cache and target dir; once)', nx: nx('run-many', '-t', 'build', 'test', 'lint') };
const cachedVariants = [
  { id: 'cached', label: 'nx run-many -t build test lint', nx: FILL.nx, goal: '< 3 s' },
  { id: 'cached-unbatched', label: 'nx run-many -t build test lint --batch=false', nx: nx('run-many', '-t', 'build', 'test', 'lint', '--batch=false'), goal: '< 3 s' },
  { id: 'show', label: 'nx show projects', prefix: 'reference: ', note: '(project graph only, no task)', nx: nx('show', 'projects'), reference: true },
];
const display = (v) => `${v.prefix ?? ''}\`${v.label}\`${v.note ? ` ${v.note}` : ''}`;

function command(ws, variant) {
  if (variant.cargo) return [path.join(shimDir, 'cargo'), variant.cargo];
  const args = variant.nx.slice(1);
  if (args[0] === 'run-many') args.push('--output-style=static');
  return [process.execPath, [ws.nxBin, ...args]];
}

/** Runs one variant and checks what must hold; returns the measurement or { error }. */
function measure(ws, variant, tag) {
  if (variant.phase === 'clean' || variant.id === 'fill') clean(ws);
  const [file, args] = command(ws, variant);
  const r = timed(ws, `${variant.id}-${tag}`, file, args);
  const m = { wall: r.wall, cargoCalls: r.cargoCalls, log: r.log };
  const fail = (why) => ({ error: `${why}\n(output: ${r.log}.stdout / .stderr${KEEP ? '' : ', kept with --keep'})\n${excerpt(r.output)}` });
  if (r.status !== 0) return fail(`exit status ${r.status}`);
  if (variant.cargo) return m;
  if (variant.id === 'show') {
    const listed = r.stdout.split('\n').filter((line) => line.trim()).length;
    return listed === ws.projects ? m : fail(`nx show projects listed ${listed} projects, expected ${ws.projects}`);
  }
  const parsed = parseNx(r.output);
  Object.assign(m, { runDuration: parsed.runDuration, tasks: parsed.tasks.size, cacheHits: parsed.cacheHits, cacheTotal: parsed.cacheTotal });
  if (variant.phase === 'clean') {
    const builds = parsed.tasks.size - parsed.gates;
    if (!builds || parsed.successProjects !== builds) {
      return fail(`Nx did not report success for the ${builds} build task(s) it ran (it said ${parsed.successProjects ?? 'nothing'})`);
    }
    const fromCache = [...parsed.tasks].filter(([, marker]) => marker).map(([id]) => id);
    if (fromCache.length) return fail(`--skip-nx-cache, yet ${fromCache.length} task(s) came from the cache: ${fromCache.slice(0, 5).join(', ')}`);
    return m;
  }
  if (variant.id === 'fill') {
    if (parsed.cacheTotal !== undefined && parsed.cacheTotal !== parsed.tasks.size) {
      return fail(`Nx counted ${parsed.cacheTotal} tasks, its output shows ${parsed.tasks.size}`);
    }
    if (!parsed.tasks.size) return fail('Nx ran no task');
    ws.expectedTasks = parsed.tasks.size;
    return m;
  }
  // A fully cached run: every task of the filling run, each one a cache hit.
  // The lock gates are never cached (they run nothing): every other task must be a hit.
  const missed = [...parsed.tasks].filter(([id, marker]) => !marker && !id.endsWith(':cargo-lock')).map(([id]) => id);
  if (missed.length) return fail(`${missed.length} task(s) did not come from the cache: ${missed.slice(0, 10).join(', ')}`);
  if (parsed.tasks.size !== ws.expectedTasks) return fail(`${parsed.tasks.size} tasks ran, the run that filled the cache had ${ws.expectedTasks}`);
  const cacheable = ws.expectedTasks - parsed.gates;
  if (parsed.cacheTotal !== undefined && (parsed.cacheHits !== cacheable || parsed.cacheTotal !== ws.expectedTasks)) {
    return fail(`Nx reports Cache: ${parsed.cacheHits}/${parsed.cacheTotal} hit, expected ${cacheable}/${ws.expectedTasks} (the lock gates are not cached)`);
  }
  return m;
}

function attempt(ws, variant, tag) {
  const slot = ws.results[variant.id];
  if (slot.error) return;
  const r = measure(ws, variant, tag);
  if (r.error) {
    slot.error = r.error;
    failures.push(`${ws.label}, ${display(variant)} (${tag}) failed: ${r.error.split('\n')[0]}`);
    log(`${tag} ${ws.id} ${variant.id}: FAILED, dropping this variant\n${r.error}`);
    return;
  }
  slot.runs.push(r);
  const extra = [
    r.runDuration !== undefined ? `Nx run duration ${secs(r.runDuration)} s` : '',
    r.cacheTotal !== undefined ? `cache ${r.cacheHits}/${r.cacheTotal}` : '',
    variant.id === 'show' ? '' : `cargo processes ${cargoSummary(r.cargoCalls)}`,
  ].filter(Boolean);
  log(`${tag} ${ws.id} ${variant.id.padEnd(16)} ${secs(r.wall).padStart(6)} s${extra.length ? `  (${extra.join(', ')})` : ''}`);
}

function main() {
  const startLoad = os.loadavg();
  writeCargoShim();
  mkdirSync(logDir, { recursive: true });
  pack();

  const workspaces = [{ id: 'synth', label: `synthetic (${CRATES} crates)`, dir: path.join(tmpRoot, 'synth'), make: synthesizeWorkspace, source: `\`synth-workspace DEST ${CRATES}\`` }];
  if (existsSync(path.join(EXAMPLE, 'Cargo.toml'))) {
    workspaces.push({ id: 'example', label: EXAMPLE_NAME, dir: path.join(tmpRoot, 'example'), make: copyExample, source: `a copy of \`${EXAMPLE_NAME}\`` });
  } else {
    problems.push(`\`${EXAMPLE_NAME}\` ${existsSync(EXAMPLE) ? 'has no Cargo.toml' : 'does not exist'} in this checkout: the example workspace was skipped.`);
  }

  if (BASELINE) {
    const baselineTarball = packPluginAt(BASELINE, path.join(tmpRoot, 'baseline'), log);
    // Each workspace is followed by its twin, so that every round alternates them.
    for (let i = workspaces.length - 1; i >= 0; i--) {
      const ws = workspaces[i];
      workspaces.splice(i + 1, 0, { ...ws, id: `${ws.id}-baseline`, label: `${ws.label}, at ${BASELINE}`, dir: `${ws.dir}-baseline`, tarball: baselineTarball });
    }
  }

  const ready = [];
  for (const ws of workspaces) {
    ws.results = Object.fromEntries([...cleanVariants, FILL, ...cachedVariants].map((v) => [v.id, { runs: [], error: undefined }]));
    try {
      mkdirSync(ws.dir, { recursive: true });
      ws.make(ws);
      finishSetUp(ws);
      warmUp(ws);
      ready.push(ws);
    } catch (error) {
      ws.skipped = error.message;
      failures.push(`${ws.label}: set-up or warm-up failed, not measured:\n\n\`\`\`\n${excerpt(error.message)}\n\`\`\``);
      log(`${ws.id}: set-up or warm-up failed, skipping it\n${error.message}`);
    }
  }

  // 1. Clean builds.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const ws of ready) for (const variant of cleanVariants) attempt(ws, variant, `clean round ${round}/${ROUNDS}`);
  }
  // 2. Fully cached: empty the cache, one complete run fills it, then every run hits it.
  for (const ws of ready) {
    const reset = timed(ws, 'reset-cache', process.execPath, [ws.nxBin, 'reset', '--onlyCache']);
    if (reset.status !== 0) problems.push(`${ws.label}: \`nx reset --onlyCache\` failed (exit ${reset.status}); the filling run may have hit an older cache.`);
    attempt(ws, FILL, 'fill');
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const ws of ready) {
      if (ws.results.fill.error) continue;
      for (const variant of cachedVariants) attempt(ws, variant, `cached round ${round}/${ROUNDS}`);
    }
  }
  for (const ws of ready) {
    if (ws.results.fill.error) for (const v of cachedVariants) ws.results[v.id].error ??= 'not run: the run that was to fill the cache failed';
  }

  publishReport(renderReport({ workspaces, startLoad, endLoad: os.loadavg() }), 'bench-run.md');
  log('report written to tmp/bench-run.md');
  if (failures.length) {
    log(`${failures.length} correctness failure(s), see the report's notes:`);
    for (const failure of failures) log(`  ${failure.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- report

/** Nx's default --parallel, as its CLI describes it. */
function nxDefaultParallel(ws) {
  try {
    const text = readFileSync(path.join(ws.dir, 'node_modules', 'nx', 'dist', 'src', 'command-line', 'yargs-utils', 'shared-options.js'), 'utf8');
    return /default is (\d+)/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

function invocation() {
  const args = process.argv.slice(2);
  const direct = `node scripts/bench-run.mjs${args.length ? ` ${args.join(' ')}` : ''}`;
  return process.env.npm_lifecycle_event === 'bench:run' ? `\`npm run bench:run${args.length ? ` -- ${args.join(' ')}` : ''}\` (\`npm run build && ${direct}\`)` : `\`${direct}\``;
}

function renderReport({ workspaces, startLoad, endLoad }) {
  const cpus = os.cpus();
  const measured = workspaces.filter((ws) => !ws.skipped);
  const first = measured[0] ?? workspaces[0];
  const nxVersion = first?.nxBin ? installedVersion(first.dir, 'nx') : NX_VERSION;
  const devkitVersion = first?.nxBin ? installedVersion(first.dir, '@nx/devkit') : DEVKIT_VERSION;
  const oursVersion = first?.nxBin ? installedVersion(first.dir, OURS) : '?';
  const defaultParallel = first?.nxBin ? nxDefaultParallel(first) : undefined;
  const parallelText = (ws) => (ws.parallel !== undefined ? `${ws.parallel} (nx.json)` : `${defaultParallel ?? '?'} (Nx default; nx.json sets none)`);
  const envText = Object.entries(NX_ENV).map(([k, v]) => `${k}=${v}`).join(' ');

  const lines = [];
  lines.push('### Building through Nx: @ms/rust vs plain cargo');
  lines.push('');
  lines.push(`- Command: ${invocation()}`);
  lines.push(`- Nx ${nxVersion}, @nx/devkit ${devkitVersion}, ${OURS} ${oursVersion} (${gitDescribe()}, packed); ${toolVersion(realCargo ?? 'cargo', ['--version'])}; Node ${process.version}`);
  if (BASELINE) {
    const sha = (() => { try { return run('git', ['rev-parse', '--short', BASELINE], { cwd: repoRoot }).trim(); } catch { return '?'; } })();
    lines.push(`- Baseline: ${OURS} as it was at \`${BASELINE}\` (commit ${sha}), packed the same way, in the rows of the workspaces marked "at ${BASELINE}"`);
  }
  lines.push(`- Machine: nproc ${os.availableParallelism?.() ?? cpus.length}, ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; load average ${startLoad.map((l) => l.toFixed(2)).join(' ')} at the start, ${endLoad.map((l) => l.toFixed(2)).join(' ')} at the end`);
  lines.push(`- Crates: ${workspaces.map((ws) => `${ws.label}: ${ws.skipped ? 'skipped' : `${ws.crates} crates, ${ws.projects} Nx projects, ${ws.source}`}`).join('; ')}`);
  lines.push(`- Rounds: ${ROUNDS}, variants alternating within each round (after an unmeasured \`cargo build --workspace\` and \`nx show projects\`); cells are median / min wall seconds of the whole command, process start to exit`);
  lines.push(`- Nx runs: \`${envText}\`, \`--output-style=static\`, \`NX_CACHE_DIRECTORY=<workspace>/.nx/cache\` (Nx 24 would otherwise use ~/.nx/<id>); parallelism ${measured.length ? measured.map((ws) => `${ws.label}: ${parallelText(ws)}`).join(', ') : 'n/a'}. All runs: \`CARGO_NET_OFFLINE=true\`, cargo through a logging shim (cargo processes column)`);
  lines.push('');

  const cell = (runs, key = 'wall') => {
    const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
    return values.length ? `${secs(median(values))} / ${secs(min(values))}` : 'n/a';
  };
  const med = (runs, key = 'wall') => {
    const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
    return values.length ? median(values) : undefined;
  };
  const mins = (runs) => (runs.length ? min(runs.map((r) => r.wall)) : undefined);
  const cargoCell = (runs) => [...new Set(runs.map((r) => cargoSummary(r.cargoCalls)))].join(' / ') || 'n/a';
  const failedCell = (slot) => (slot.error?.startsWith('not run') ? 'not run' : 'failed (see notes)');

  lines.push('#### Clean build (target/ and dist/ deleted before every run)');
  lines.push('');
  lines.push('| Workspace | Command | wall s (median / min) | ÷ cargo (median; by min) | goal | met | Nx run duration s (median / min) | cargo processes |');
  lines.push('| --- | --- | ---: | ---: | ---: | :---: | ---: | --- |');
  for (const ws of measured) {
    const base = ws.results.cargo;
    cleanVariants.forEach((variant, i) => {
      const slot = ws.results[variant.id];
      const label = i === 0 ? ws.label : '';
      if (slot.error) {
        lines.push(`| ${label} | ${display(variant)} | ${failedCell(slot)} | | ${variant.goal ?? ''} | | | |`);
        return;
      }
      let ratio = '';
      let met = '';
      if (variant.id !== 'cargo' && !base.error && base.runs.length) {
        const byMedian = med(slot.runs) / med(base.runs);
        ratio = `${byMedian.toFixed(2)}; ${(mins(slot.runs) / mins(base.runs)).toFixed(2)}`;
        met = byMedian <= 1.05 ? 'yes' : 'no';
      } else if (variant.id === 'cargo') ratio = '1.00';
      const duration = variant.cargo ? '' : cell(slot.runs, 'runDuration');
      lines.push(`| ${label} | ${display(variant)} | **${cell(slot.runs)}** | ${ratio} | ${variant.goal ?? ''} | ${met} | ${duration} | ${cargoCell(slot.runs)} |`);
    });
  }
  if (!measured.length) lines.push('| (no workspace measured) | | | | | | | |');
  lines.push('');

  lines.push(`#### Fully cached (after one complete \`nx run-many -t build test lint\`; every task must be a cache hit)`);
  lines.push('');
  lines.push('| Workspace | Command | tasks | cache hits | wall s (median / min) | goal | met | Nx run duration s (median / min) | cargo processes |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | :---: | ---: | --- |');
  for (const ws of measured) {
    [...cachedVariants, FILL].forEach((variant, i) => {
      const slot = ws.results[variant.id];
      const label = i === 0 ? ws.label : '';
      const shownLabel = display(variant);
      if (slot.error) {
        lines.push(`| ${label} | ${shownLabel} | | | ${failedCell(slot)} | ${variant.goal ?? ''} | | | |`);
        return;
      }
      const tasks = [...new Set(slot.runs.map((r) => r.tasks).filter((n) => n !== undefined))].join(' / ');
      const hits = [...new Set(slot.runs.filter((r) => r.cacheTotal !== undefined).map((r) => `${r.cacheHits}/${r.cacheTotal}`))].join(' / ');
      const m = med(slot.runs);
      const met = variant.goal && m !== undefined ? (m < 3 ? 'yes' : 'no') : '';
      const duration = variant.reference ? '' : cell(slot.runs, 'runDuration');
      const cargo = variant.reference ? '' : cargoCell(slot.runs);
      lines.push(`| ${label} | ${shownLabel} | ${tasks} | ${hits} | **${cell(slot.runs)}** | ${variant.goal ?? ''} | ${met} | ${duration} | ${cargo} |`);
    });
  }
  if (!measured.length) lines.push('| (no workspace measured) | | | | | | | | |');
  lines.push('');
  lines.push('"Nx run duration" is what Nx itself reports for running the tasks; the rest of the wall time is starting Nx and computing the project graph (compare `nx show projects`).');
  lines.push('Task counts include the lock gate\'s tasks (`<crate>:cargo-lock`, one per crate of a workspace with a Cargo.lock), which run nothing and are never cached: "cache hits" counts the other tasks.');
  lines.push('');

  const notes = [...problems];
  const nproc = os.availableParallelism?.() ?? cpus.length;
  if (startLoad[0] >= nproc / 2) notes.push(`Other work was running: the 1-minute load average was ${startLoad[0].toFixed(2)} on ${nproc} CPUs before this benchmark started anything. Expect noise; compare the min columns too.`);
  for (const ws of measured) {
    for (const variant of [...cleanVariants, FILL, ...cachedVariants]) {
      const { error } = ws.results[variant.id];
      if (error && !error.startsWith('not run')) notes.push(`**FAILED** ${ws.label}, ${display(variant)}:\n\n\`\`\`\n${error.trim()}\n\`\`\``);
    }
  }
  for (const failure of failures.filter((f) => f.includes('set-up or warm-up failed'))) notes.push(`**FAILED** ${failure}`);
  return markdown(lines, notes);
}

runMain(main, log, () => {
  if (KEEP) log(`kept the workspaces and logs: ${tmpRoot}`);
  else rmSync(tmpRoot, { recursive: true, force: true });
});
