#!/usr/bin/env node
// Project-graph benchmark: @ms/rust (this repo, packed) against @monodon/rust on a synthetic
// Cargo workspace, measured with real Nx the way users run it.
//
//   npm run bench:graph                      (builds first, then runs this script)
//   node scripts/bench-graph.mjs [--rounds N] [--crates N] [--warmup N] [--in-process] [--keep]
//                                [--baseline <git ref>] [--field-costs]
//
// Env equivalents: BENCH_ROUNDS (5), BENCH_CRATES (1000), BENCH_WARMUP (1), BENCH_IN_PROCESS=1,
// BENCH_KEEP=1, BENCH_BASELINE, BENCH_FIELD_COSTS=1; BENCH_SYNTH (path of synth-workspace), BENCH_NX_VERSION (24.0.6),
// BENCH_MONODON_VERSION (3.0.0).
//
// --baseline also measures the plugin as it was at that commit (built and packed from a temporary
// worktree, installed as ms-rust-baseline), with the shared nx.json config of its own init, in
// the same rounds: before and after a change, side by side. --field-costs adds one replay per
// target field (metadata, inputs, options, …) with that field dropped from every target: what each
// costs Nx.
//
// For every run Nx is started fresh (`nx show projects`, daemon off, perf logging on) and the
// per-hook timings Nx itself prints are read:
//   Time taken for '<plugin>:createNodes' <ms>ms          (measured where the plugin runs)
//   Time taken for '<plugin>:createDependencies' <ms>ms   (measured by Nx's graph builder; with
//                                                           plugin isolation, Nx's default, this
//                                                           includes the round trip to the worker)
//   Time taken for 'Load Nx Plugin: <plugin>' <ms>ms
// Variants alternate within each round, so machine noise hits all of them alike.
// Progress goes to stderr; the Markdown report goes to stdout and to tmp/bench-graph.md.
// This is a report, not a test: it never fails on a number.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { OURS, count, createLog, flag, gitCommitAll, gitDescribe, installedVersion, markdown, median, min, npmInstall, nxBin, option, packPlugin, packPluginAt, publishReport, repoRoot, run, runMain, spawnToFiles, stripAnsi, synthPath, synthesize, toolVersion } from './bench/common.mjs';

// ---------------------------------------------------------------- options

const ROUNDS = count('rounds', 'BENCH_ROUNDS', '5', 1);
const CRATES = count('crates', 'BENCH_CRATES', '1000', 1);
const WARMUP = count('warmup', 'BENCH_WARMUP', '1', 0);
const IN_PROCESS = flag('in-process', 'BENCH_IN_PROCESS');
const KEEP = flag('keep', 'BENCH_KEEP');
const NX_VERSION = option('nx-version', 'BENCH_NX_VERSION', '24.0.6');
const MONODON_VERSION = option('monodon-version', 'BENCH_MONODON_VERSION', '3.0.0');
const BASELINE_REF = option('baseline', 'BENCH_BASELINE', '');
const FIELD_COSTS = flag('field-costs', 'BENCH_FIELD_COSTS');
const SYNTH = synthPath();

const MONODON = '@monodon/rust';
// The plugin at --baseline, installed under this name beside the current one.
const BASELINE = 'ms-rust-baseline';
// Reference: a plugin that returns every crate as a bare project (name and root) and no edges.
// What Nx itself costs per hook for 1000 projects, whatever the plugin does.
const FLOOR = 'bench-floor';
const FLOOR_PLUGIN = `exports.name = 'floor';
exports.createNodes = ['**/Cargo.toml', (files) => files.filter((f) => f !== 'Cargo.toml').map((f) => {
  const root = f.slice(0, -'/Cargo.toml'.length);
  return [f, { projects: { [root]: { name: root.slice(root.lastIndexOf('/') + 1), root } } }];
})];
exports.createDependencies = () => [];
`;
// Reference: our plugin's own answers, recorded once and then replayed from a file, so that the
// hooks do no work of ours. What Nx itself costs for configurations of our size (sending them
// between processes, merging, the createDependencies context); the rest of our rows is our code.
const REPLAY = 'bench-replay';
const REPLAY_PLUGIN = `const fs = require('node:fs'), path = require('node:path');
const real = require('${OURS}');
const file = (name) => path.join(__dirname, '..', '.bench-replay-' + name + '.json');
const record = process.env.BENCH_REPLAY_RECORD === '1';
exports.name = 'replay';
exports.sharedNxJsonConfig = real.sharedNxJsonConfig;
const replay = (name, compute) => async (...args) => {
  if (!record) return JSON.parse(fs.readFileSync(file(name), 'utf8'));
  const result = await compute(...args);
  fs.writeFileSync(file(name), JSON.stringify(result));
  return result;
};
exports.createNodes = [real.createNodes[0], replay('nodes', real.createNodes[1])];
exports.createDependencies = replay('dependencies', real.createDependencies);
`;
// What the references below share: our plugin (for its file pattern and shared nx.json config)
// and the recorded answers.
const REPLAYED = `const fs = require('node:fs'), path = require('node:path');
const real = require('${OURS}');
const read = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.bench-replay-' + name + '.json'), 'utf8'));
exports.sharedNxJsonConfig = real.sharedNxJsonConfig;
`;
// The same answers with the edges between crates given as each project's implicitDependencies and
// no createDependencies at all (edges to Cargo.lock packages dropped): what Nx costs when it need
// not send every project configuration to the plugin's worker a second time. Only its wall time
// counts: Nx shuts a worker with no hook left down at once, and its timing lines go with it.
const REPLAY_IMPLICIT = 'bench-replay-implicit';
const REPLAY_IMPLICIT_PLUGIN = `${REPLAYED}exports.name = 'replay-implicit';
exports.createNodes = [real.createNodes[0], async () => {
  const results = read('nodes');
  const byName = new Map();
  for (const [, result] of results) for (const project of Object.values(result.projects ?? {})) byName.set(project.name, project);
  for (const edge of read('dependencies')) {
    const project = byName.get(edge.source);
    if (project && byName.has(edge.target)) (project.implicitDependencies ??= []).push(edge.target);
  }
  return results;
}];
`;
// The same projects (names, roots) and the same edges, each target of ours kept by name but
// empty ({ executor: 'nx:noop' }): what Nx costs for that many targets, whatever they hold.
const REPLAY_EMPTY = 'bench-replay-empty';
const REPLAY_EMPTY_PLUGIN = `${REPLAYED}exports.name = 'replay-empty';
exports.createNodes = [real.createNodes[0], async () => read('nodes').map(([file, result]) => [file, { ...result, projects: Object.fromEntries(Object.entries(result.projects ?? {}).map(([root, p]) => [root, { name: p.name, root: p.root, targets: Object.fromEntries(Object.keys(p.targets ?? {}).map((t) => [t, { executor: 'nx:noop' }])) }])) }])];
exports.createDependencies = async () => read('dependencies');
`;

// With --field-costs: the same answers with one field dropped from every target (the field named
// by BENCH_DROP_FIELD): what Nx costs for that field across the graph.
const REPLAY_DROP = 'bench-replay-drop';
const REPLAY_DROP_PLUGIN = `${REPLAYED}const field = process.env.BENCH_DROP_FIELD;
const drop = (targets) => Object.fromEntries(Object.entries(targets ?? {}).map(([name, t]) => { const { [field]: _dropped, ...rest } = t; return [name, rest]; }));
exports.name = 'replay-drop';
exports.createNodes = [real.createNodes[0], async () => read('nodes').map(([file, result]) => [file, { ...result, projects: Object.fromEntries(Object.entries(result.projects ?? {}).map(([root, p]) => [root, { ...p, targets: drop(p.targets) }])) }])];
exports.createDependencies = async () => read('dependencies');
`;
const DROPPED_FIELDS = ['metadata', 'inputs', 'options', 'configurations', 'dependsOn', 'outputs'];

// ---------------------------------------------------------------- small helpers

const log = createLog('bench:graph');

const ms = (value) => (value === undefined || Number.isNaN(value) ? 'n/a' : value >= 100 ? value.toFixed(0) : value.toFixed(1));

function writeIfChanged(file, content) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
}

// ---------------------------------------------------------------- workspace setup

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'ms-rust-bench-'));
const ws = path.join(tmpRoot, 'ws');
const dataDir = path.join(ws, '.nx', 'workspace-data');
const problems = []; // things the reader of the report must know about

function setUp() {
  const ourDist = path.join(repoRoot, 'packages', 'rust', 'dist', 'index.js');
  if (!existsSync(ourDist)) {
    problems.push(`packages/rust/dist/index.js is missing (run \`npm run build\` first); the packed ${OURS} has no entry point.`);
  }

  log(`packing ${OURS} into ${tmpRoot}`);
  const tarball = packPlugin(tmpRoot);

  synthesize(SYNTH, ws, CRATES, log); // also writes package.json and an nx.json naming OURS only
  writeFileSync(path.join(ws, '.gitignore'), 'target/\nnode_modules/\n.nx/\n');
  // A committed Cargo.lock keeps the workspace unchanged between runs (cargo metadata would
  // otherwise write one during the first @monodon/rust run). Path dependencies only: no registry.
  try {
    run('cargo', ['generate-lockfile', '--offline'], { cwd: ws, env: { ...process.env, CARGO_NET_OFFLINE: 'true' } });
  } catch (error) {
    problems.push(`\`cargo generate-lockfile\` failed, the workspace has no Cargo.lock: ${error.message.split('\n')[0]}`);
  }
  gitCommitAll(ws, 'synthetic workspace');

  const devkitVersion = process.env.BENCH_DEVKIT_VERSION ?? installedVersion(repoRoot, '@nx/devkit') ?? `^${NX_VERSION.split('.')[0]}.0.0`;
  const specs = [`nx@${NX_VERSION}`, `@nx/devkit@${devkitVersion}`, tarball, `${MONODON}@${MONODON_VERSION}`];
  if (BASELINE_REF) {
    specs.push(`${BASELINE}@file:${packPluginAt(BASELINE_REF, path.join(tmpRoot, 'baseline'), log)}`);
  }
  log(`npm install ${specs.join(' ')}`);
  // --legacy-peer-deps: @monodon/rust 3 peers @napi-rs/cli (not needed here) and pins @nx/devkit
  // ^22 (npm nests that copy under it); the peers we do need are listed explicitly.
  npmInstall(ws, specs, ['--legacy-peer-deps']);
  // The references as installed packages, loaded as ours is: Nx loads a plugin named by a local
  // path through its TypeScript-aware loader, which costs a few hundred ms more per command.
  for (const [name, code] of [[FLOOR, FLOOR_PLUGIN], [REPLAY, REPLAY_PLUGIN], [REPLAY_IMPLICIT, REPLAY_IMPLICIT_PLUGIN], [REPLAY_EMPTY, REPLAY_EMPTY_PLUGIN], [REPLAY_DROP, REPLAY_DROP_PLUGIN]]) {
    const dir = path.join(ws, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '0.0.0', main: 'index.js' })}\n`);
    writeFileSync(path.join(dir, 'index.js'), code);
  }
}

// With `shared`, nx.json also holds the named inputs and filtered targetDefaults the plugin offers
// (sharedNxJsonConfig), so that crate projects leave that configuration out.
function writeNxJson(plugin, shared) {
  const extra = shared ? createRequire(path.join(ws, 'package.json'))(plugin).sharedNxJsonConfig() : {};
  writeIfChanged(path.join(ws, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', plugins: plugin ? [plugin] : [], ...extra }, null, 2)}\n`);
}

// ---------------------------------------------------------------- one measured run

// Nx's own project-graph cache in the workspace data dir. Nx re-runs every plugin's createNodes
// and createDependencies on each non-daemon command anyway, but a "warm" run drops these so the
// only thing it starts with over a cold run is the plugins' own cache files.
const NX_GRAPH_CACHE_FILES = ['project-graph.json', 'file-map.json', 'source-maps.json'];

function prepare(state) {
  if (state === 'cold') {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path.join(ws, '.nx', 'cache'), { recursive: true, force: true });
  } else {
    for (const file of NX_GRAPH_CACHE_FILES) rmSync(path.join(dataDir, file), { force: true });
  }
}

/** Files in the workspace data dir that are not Nx's own: the plugins' caches. */
function pluginCacheFiles() {
  if (!existsSync(dataDir)) return [];
  const nxOwn = /^(project-graph|file-map|source-maps|lockfile-(nodes|dependencies))\.json$|\.(db|lock|nxt|sock)$|^(d|plugin-workers|nx-console|terminal-outputs|run-.*)$/;
  return readdirSync(dataDir).filter((name) => !nxOwn.test(name));
}

function nxEnv(extra = {}) {
  const env = { ...process.env };
  // Default locations and behaviour, whatever the calling shell has set.
  for (const name of Object.keys(env)) {
    if (/^NX_/.test(name)) delete env[name];
  }
  Object.assign(env, {
    NX_DAEMON: 'false',
    NX_PERF_LOGGING: 'true',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CARGO_NET_OFFLINE: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  });
  if (IN_PROCESS) env.NX_ISOLATE_PLUGINS = 'false';
  return { ...env, ...extra };
}

function measure(variant) {
  writeNxJson(variant.plugin, variant.shared);
  prepare(variant.state);
  // Files, not pipes: Nx exits without draining a piped stdout, which loses lines at random.
  const outFile = path.join(tmpRoot, 'nx.stdout');
  const errFile = path.join(tmpRoot, 'nx.stderr');
  const { result, elapsedNs } = spawnToFiles(process.execPath, [nxBin(ws), 'show', 'projects'], { cwd: ws, env: nxEnv(variant.env), timeout: 10 * 60 * 1000 }, outFile, errFile);
  const wall = elapsedNs / 1e6;
  result.stdout = readFileSync(outFile, 'utf8');
  result.stderr = readFileSync(errFile, 'utf8');
  const output = stripAnsi(`${result.stdout}\n${result.stderr}`);

  const timings = new Map();
  for (const [, name, value] of output.matchAll(/Time taken for '(.+?)' ([\d.]+)ms/g)) {
    timings.set(name, (timings.get(name) ?? 0) + Number(value));
  }
  const timingName = variant.timingName ?? variant.plugin;
  const createNodes = timings.get(`${timingName}:createNodes`);
  const createDependencies = timings.get(`${timingName}:createDependencies`);
  const projects = (result.stdout ?? '').split('\n').filter((line) => line.trim()).length;

  let error;
  if (result.error) error = result.error.message;
  else if (result.status !== 0) error = `nx exited with ${result.status ?? result.signal}`;
  else if (variant.plugin && !variant.noDependencies && (createNodes === undefined || createDependencies === undefined)) error = `Nx printed no timing for ${variant.plugin}:${createNodes === undefined ? 'createNodes' : 'createDependencies'}`;
  if (error) return { error: `${error}\n${excerpt(result.stderr ?? '')}` };

  return { createNodes, createDependencies, hooks: createNodes !== undefined && createDependencies !== undefined ? createNodes + createDependencies : undefined, load: timings.get(`Load Nx Plugin: ${variant.plugin}`), wall, projects };
}

/** The part of Nx's stderr that explains a failure, without the perf lines. */
function excerpt(stderr) {
  const lines = stripAnsi(stderr).split('\n').filter((line) => line.trim() && !line.startsWith('Time taken for'));
  return lines.slice(0, 40).join('\n');
}

// Reference point: read + parse every Cargo.toml with smol-toml (our plugin's parser), in one
// fresh node process, no Nx. Shows what the hooks cost beyond the unavoidable I/O and parsing.
const PARSE_SCRIPT = `
const fs = require('node:fs'), path = require('node:path');
const { parse } = require(require.resolve('smol-toml', { paths: [path.join(process.cwd(), 'node_modules/@ms/rust'), process.cwd()] }));
const t0 = process.hrtime.bigint();
const files = ['Cargo.toml', ...fs.readdirSync('crates').map((c) => path.join('crates', c, 'Cargo.toml'))];
let n = 0;
for (const f of files) if (parse(fs.readFileSync(f, 'utf8'))) n++;
process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, n }));
`;

function measureParse() {
  const result = spawnSync(process.execPath, ['-e', PARSE_SCRIPT], { cwd: ws, encoding: 'utf8' });
  if (result.status !== 0) return { error: excerpt(result.stderr ?? '') || `node exited with ${result.status}` };
  const { ms: parseMs, n } = JSON.parse(result.stdout);
  return { ms: parseMs, files: n };
}

// ---------------------------------------------------------------- the benchmark

const variants = [
  { id: 'ours-cold', label: `${OURS}, no plugin cache`, plugin: OURS, state: 'cold', target: '≤ 100' },
  { id: 'ours-warm', label: `${OURS}, warm plugin cache`, plugin: OURS, state: 'warm', target: '≤ 20', needs: 'ours-cold' },
  { id: 'shared-cold', label: `${OURS} + shared nx.json config, no plugin cache`, plugin: OURS, shared: true, state: 'cold', target: '≤ 100' },
  { id: 'shared-warm', label: `${OURS} + shared nx.json config, warm plugin cache`, plugin: OURS, shared: true, state: 'warm', target: '≤ 20', needs: 'shared-cold' },
  ...(BASELINE_REF
    ? [
        // Its exported name is the same as ours: Nx's timing lines name it so.
        { id: 'base-cold', label: `${OURS} at ${BASELINE_REF} + its shared nx.json config, no plugin cache`, plugin: BASELINE, timingName: OURS, shared: true, state: 'cold', target: '≤ 100' },
        { id: 'base-warm', label: `${OURS} at ${BASELINE_REF} + its shared nx.json config, warm plugin cache`, plugin: BASELINE, timingName: OURS, shared: true, state: 'warm', target: '≤ 20', needs: 'base-cold' },
      ]
    : []),
  { id: 'monodon', label: `${MONODON} ${MONODON_VERSION}`, plugin: MONODON, state: 'cold', target: '' },
  { id: 'replay-record', label: `reference: ${OURS}'s answers recorded for the replay (not measured)`, plugin: REPLAY, timingName: 'replay', shared: true, state: 'cold', target: '', env: { BENCH_REPLAY_RECORD: '1' }, once: true },
  { id: 'replay', label: `reference: ${OURS}'s own answers (shared nx.json config) replayed from a file: Nx's cost for them`, plugin: REPLAY, timingName: 'replay', shared: true, state: 'warm', target: '', needs: 'replay-record' },
  { id: 'replay-implicit', label: `reference: the same answers, crate edges as implicitDependencies, no createDependencies`, plugin: REPLAY_IMPLICIT, timingName: 'replay-implicit', shared: true, state: 'warm', target: '', needs: 'replay-record', noDependencies: true },
  { id: 'replay-empty', label: `reference: the same projects and edges, every target kept by name but empty (nx:noop): Nx's cost for that many targets`, plugin: REPLAY_EMPTY, timingName: 'replay-empty', state: 'warm', target: '', needs: 'replay-record' },
  ...(FIELD_COSTS
    ? DROPPED_FIELDS.map((field) => ({ id: `drop-${field}`, label: `reference: the replay without \`${field}\` in any target (shared nx.json config)`, plugin: REPLAY_DROP, timingName: 'replay-drop', shared: true, state: 'warm', target: '', needs: 'replay-record', env: { BENCH_DROP_FIELD: field } }))
    : []),
  { id: 'none', label: 'reference: Nx with no plugin (no projects)', plugin: undefined, state: 'warm', target: '' },
  { id: 'floor', label: 'reference: bare projects, no edges (Nx alone)', plugin: FLOOR, timingName: 'floor', state: 'cold', target: '' },
];

function summary(runs, key) {
  const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
  return values.length ? { median: median(values), min: min(values) } : undefined;
}

function main() {
  setUp();
  const nxVersion = installedVersion(ws, 'nx');
  const versions = { ours: installedVersion(ws, OURS), monodon: installedVersion(ws, MONODON) };

  const results = Object.fromEntries(variants.map((v) => [v.id, { runs: [], error: undefined }]));
  const parseRuns = [];
  let parseError;
  let warmCacheFiles;

  const attempt = (variant, round, measured) => {
    const slot = results[variant.id];
    if (slot.error || (variant.needs && results[variant.needs].error)) return;
    if (variant.once) {
      if (slot.done) return;
      slot.done = true;
      measured = false;
    }
    if (variant.state === 'warm' && warmCacheFiles === undefined) {
      warmCacheFiles = pluginCacheFiles();
      log(`plugin cache files in .nx/workspace-data before the first warm run: ${warmCacheFiles.join(', ') || '(none)'}`);
    }
    const r = measure(variant);
    const tag = measured ? `round ${round}/${ROUNDS}` : 'warm-up';
    if (r.error) {
      slot.error = r.error;
      log(`${tag} ${variant.id}: FAILED, dropping this variant\n${r.error}`);
      return;
    }
    if (measured) slot.runs.push(r);
    log(`${tag} ${variant.id.padEnd(11)} hooks ${ms(r.hooks).padStart(6)} ms (createNodes ${ms(r.createNodes)} + createDependencies ${ms(r.createDependencies)}), load ${ms(r.load)} ms, wall ${ms(r.wall)} ms, ${r.projects} projects`);
  };
  const parseOnce = (measured) => {
    if (parseError) return;
    const r = measureParse();
    if (r.error) {
      parseError = r.error;
      log(`parse reference failed: ${r.error}`);
    } else if (measured) parseRuns.push(r);
  };

  for (let i = 1; i <= WARMUP; i++) {
    for (const variant of variants) attempt(variant, i, false);
    parseOnce(false);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) attempt(variant, round, true);
    parseOnce(true);
  }

  publishReport(renderReport({ results, parseRuns, parseError, nxVersion, versions, warmCacheFiles }), 'bench-graph.md');
  log('report written to tmp/bench-graph.md');
}

// ---------------------------------------------------------------- report

function commandLine() {
  return `NX_DAEMON=false NX_PERF_LOGGING=true${IN_PROCESS ? ' NX_ISOLATE_PLUGINS=false' : ''} CARGO_NET_OFFLINE=true nx show projects`;
}

function renderReport({ results, parseRuns, parseError, nxVersion, versions, warmCacheFiles }) {
  const cpus = os.cpus();
  const lines = [];
  lines.push(`### Project graph: ${CRATES}-crate Cargo workspace`);
  lines.push('');
  lines.push(`- Command: \`${commandLine()}\`, one fresh process per run; hook times as printed by Nx (\`Time taken for '<plugin>:createNodes'\` / \`…:createDependencies'\`)`);
  lines.push(`- Nx ${nxVersion}, plugin isolation ${IN_PROCESS ? 'off (in-process plugins)' : 'on (Nx default): createNodes is timed inside the plugin worker, createDependencies in the main process, so it includes sending the context (every project configuration and the file map) to the worker and the answer back'}; ${OURS} ${versions.ours ?? '?'} (${gitDescribe()}), ${MONODON} ${versions.monodon ?? '?'}`);
  lines.push(`- Machine: ${os.availableParallelism?.() ?? cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; ${toolVersion('cargo', ['--version'])}`);
  lines.push(`- ${ROUNDS} round(s) after ${WARMUP} warm-up round(s), variants alternating within each round; cells are median / min in ms over the rounds (both hooks: of each run's createNodes + createDependencies)`);
  lines.push(`- No plugin cache: \`.nx/workspace-data\` and \`.nx/cache\` deleted before the run. Warm plugin cache: only Nx's project-graph cache (${NX_GRAPH_CACHE_FILES.join(', ')}) deleted, the plugin's cache files kept (${warmCacheFiles === undefined ? 'not measured' : warmCacheFiles.length ? warmCacheFiles.map((f) => `\`${f}\``).join(', ') : '**none found**'})`);
  lines.push('');
  lines.push('| Variant | createNodes | createDependencies | both hooks | target (both hooks) | plugin load | wall (whole command) | projects |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const cell = (s) => (s ? `${ms(s.median)} / ${ms(s.min)}` : 'n/a');
  for (const variant of variants) {
    if (variant.once && !results[variant.id].error) continue;
    const { runs, error } = results[variant.id];
    const skipped = !error && variant.needs && results[variant.needs].error;
    if (error || skipped) {
      lines.push(`| ${variant.label} | ${skipped ? `not run (${variant.needs} failed)` : 'failed (see below)'} | | | ${variant.target} | | | |`);
      continue;
    }
    const projects = [...new Set(runs.map((r) => r.projects))].join(', ');
    lines.push(`| ${variant.label} | ${cell(summary(runs, 'createNodes'))} | ${cell(summary(runs, 'createDependencies'))} | **${cell(summary(runs, 'hooks'))}** | ${variant.target} | ${cell(summary(runs, 'load'))} | ${cell(summary(runs, 'wall'))} | ${projects} |`);
  }
  if (parseRuns.length) {
    lines.push(`| reference: read + parse ${parseRuns[0].files} Cargo.toml (smol-toml, no Nx) | | | ${cell(summary(parseRuns, 'ms'))} | | | | |`);
  }
  lines.push('');

  const hooks = (id) => (results[id].error ? undefined : summary(results[id].runs, 'hooks'));
  const wall = (id) => (results[id].error ? undefined : summary(results[id].runs, 'wall'));
  const ratio = (a, b) => (a && b ? `${(a.median / b.median).toFixed(1)}×` : 'n/a');
  const replayed = hooks('replay');
  const sharedWarm = hooks('shared-warm');
  if (replayed && sharedWarm) {
    lines.push(`Of ${OURS}'s both hooks with the shared nx.json config and a warm plugin cache (${ms(sharedWarm.median)} ms), Nx's cost for the same answers replayed from a file is ${ms(replayed.median)} ms: our own code is the other ${ms(sharedWarm.median - replayed.median)} ms. Whole command, replay: ${ms(wall('replay')?.median)} ms, with the crate edges as implicitDependencies and no createDependencies ${ms(wall('replay-implicit')?.median)} ms, against ${ms(wall('floor')?.median)} ms for bare projects.`);
    lines.push('');
  }
  if (BASELINE_REF && wall('base-warm') && wall('shared-warm')) {
    lines.push(`Against ${OURS} at ${BASELINE_REF}, each with its own shared nx.json config, medians: whole command ${ms(wall('base-cold')?.median)} → ${ms(wall('shared-cold')?.median)} ms (no plugin cache), ${ms(wall('base-warm').median)} → ${ms(wall('shared-warm').median)} ms (warm); both hooks ${ms(hooks('base-cold')?.median)} → ${ms(hooks('shared-cold')?.median)} / ${ms(hooks('base-warm')?.median)} → ${ms(hooks('shared-warm')?.median)} ms.`);
    lines.push('');
  }
  lines.push(`${MONODON} ÷ ${OURS}, medians: both hooks ${ratio(hooks('monodon'), hooks('ours-cold'))} (no plugin cache), ${ratio(hooks('monodon'), hooks('ours-warm'))} (warm plugin cache); whole command ${ratio(wall('monodon'), wall('ours-cold'))} / ${ratio(wall('monodon'), wall('ours-warm'))}.`);
  lines.push('');

  const notes = [...problems];
  for (const variant of variants) {
    if (results[variant.id].error) notes.push(`${variant.label} failed:\n\n\`\`\`\n${results[variant.id].error.trim()}\n\`\`\``);
  }
  if (parseError) notes.push(`The parse reference failed:\n\n\`\`\`\n${parseError.trim()}\n\`\`\``);
  for (const variant of variants) {
    const counts = [...new Set(results[variant.id].runs.map((r) => r.projects))];
    if (variant.plugin && counts.some((n) => n !== CRATES)) notes.push(`${variant.label}: \`nx show projects\` listed ${counts.join(' / ')} projects for ${CRATES} crates.`);
  }
  if (warmCacheFiles && !warmCacheFiles.length) notes.push(`No plugin cache file was found in \`.nx/workspace-data\` after a cold ${OURS} run, so its "warm" row measures the same thing as the cold one.`);
  return markdown(lines, notes);
}

runMain(main, log, () => {
  if (KEEP) log(`kept the workspace: ${ws}`);
  else rmSync(tmpRoot, { recursive: true, force: true });
});
