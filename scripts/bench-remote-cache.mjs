#!/usr/bin/env node
// Remote cache benchmark: one commit, two clones, Nx's self-hosted remote cache between them.
//
//   npm run build && node scripts/bench-remote-cache.mjs [--example DIR | --crates N] [--targets "build test lint"] [--keep]
//
// Clone A (a copy of the example workspace, default examples/systems; or, with --crates N, a
// synthetic N-crate workspace from synth-workspace) runs `nx run-many -t <targets>` cold, filling
// the remote cache (e2e/utils/remote-cache-server.js on 127.0.0.1, a token, bodies on disk); clone
// B (`git clone` of A at another path, another HOME so another Nx cache, no target/) then runs the
// same command. Measured: the wall time of each command (process start to exit). B must take every
// task from the remote cache and start no cargo (a logging shim first on PATH counts its
// processes), or the script says so and exits 1. It never fails on a number.
// Env equivalents: BENCH_EXAMPLE, BENCH_CRATES, BENCH_TARGETS, BENCH_KEEP=1; CARGO_HOME is kept
// (the repo's tmp/cargo-home when set up and CARGO_HOME is unset: registry crates offline).
// Progress goes to stderr; the Markdown report to stdout and to tmp/bench-remote-cache.md.

import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OURS, createLog, flag, gitCommitAll, installedVersion, markdown, npmInstall, nxBin, option, packPlugin, publishReport, repoRoot, run, spawnToFiles, stripAnsi, synthPath, synthesize, toolVersion } from './bench/common.mjs';

const log = createLog('bench:remote-cache');
const CRATES = option('crates', 'BENCH_CRATES', '');
const EXAMPLE = path.resolve(repoRoot, option('example', 'BENCH_EXAMPLE', 'examples/systems'));
const TARGETS = option('targets', 'BENCH_TARGETS', 'build test lint').split(/[\s,]+/).filter(Boolean);
const KEEP = flag('keep', 'BENCH_KEEP');
const TOKEN = 'bench-token';
const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };
const offlineHome = path.join(repoRoot, 'tmp', 'cargo-home');
const CARGO_HOME = process.env.CARGO_HOME ?? (existsSync(path.join(offlineHome, 'config.toml')) ? offlineHome : path.join(os.homedir(), '.cargo'));
const RUSTUP_HOME = process.env.RUSTUP_HOME ?? (existsSync(path.join(os.homedir(), '.rustup')) ? path.join(os.homedir(), '.rustup') : undefined);

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'ms-rust-bench-remote-cache-'));
let server;

function startServer() {
  const child = spawn(process.execPath, [path.join(repoRoot, 'e2e', 'utils', 'remote-cache-server.js'), path.join(tmpRoot, 'cache'), path.join(tmpRoot, 'cache.log'), TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^PORT=(\d+)$/m.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`the remote cache server exited with ${code}`)));
  });
}

function makeWorkspace(dir) {
  if (CRATES) {
    synthesize(synthPath(), dir, Number(CRATES), log);
  } else {
    log(`copying ${path.relative(repoRoot, EXAMPLE)} to ${dir}`);
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/(^|[\\/])(target|dist|\.nx|node_modules)$/.test(path.relative(EXAMPLE, src)) });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-workspace', version: '0.0.0', private: true }, null, 2)}\n`);
    writeFileSync(path.join(dir, 'nx.json'), `${JSON.stringify({ plugins: [OURS] }, null, 2)}\n`);
  }
  writeFileSync(path.join(dir, '.gitignore'), 'target/\ndist/\nnode_modules/\n.nx/\n');
  // A Cargo.lock in the commit, as CI checks it out: both clones then resolve the same crates.
  run('cargo', ['generate-lockfile', '--offline'], { cwd: dir, env: { ...process.env, CARGO_HOME } });
  gitCommitAll(dir, 'bench workspace');
}

/** A machine: its own HOME (so its own Nx cache), a cargo shim counting cargo processes. */
function machine(name) {
  const home = path.join(tmpRoot, 'homes', name);
  const shim = path.join(tmpRoot, 'shims', name);
  mkdirSync(home, { recursive: true });
  mkdirSync(shim, { recursive: true });
  const cargoLog = path.join(tmpRoot, 'shims', `${name}.log`);
  const realCargo = run('which', ['cargo']).trim();
  writeFileSync(path.join(shim, 'cargo'), `#!/bin/sh\necho "$*" >> "${cargoLog}"\nexec "${realCargo}" "$@"\n`);
  chmodSync(path.join(shim, 'cargo'), 0o755);
  const env = { ...process.env, ...NX_ENV, HOME: home, CARGO_HOME, PATH: `${shim}${path.delimiter}${process.env.PATH}` };
  if (RUSTUP_HOME) env.RUSTUP_HOME = RUSTUP_HOME;
  for (const k of Object.keys(env)) if (/^(npm_|RUSTC_WRAPPER$|CARGO_TARGET_DIR$)/.test(k)) delete env[k];
  return { name, env, cargoCalls: () => (existsSync(cargoLog) ? readFileSync(cargoLog, 'utf8').trim().split('\n').filter(Boolean).length : 0) };
}

function runMany(m, dir, remote) {
  const out = path.join(tmpRoot, `${m.name}.out`);
  const err = path.join(tmpRoot, `${m.name}.err`);
  log(`${m.name}: nx run-many -t ${TARGETS.join(' ')} in ${dir}`);
  const { result, elapsedNs } = spawnToFiles(process.execPath, [nxBin(dir), 'run-many', '-t', ...TARGETS, '--output-style=static'], { cwd: dir, env: { ...m.env, ...remote } }, out, err);
  const output = stripAnsi(`${readFileSync(out, 'utf8')}\n${readFileSync(err, 'utf8')}`);
  if (result.status !== 0) throw new Error(`${m.name}'s run exited with ${result.status ?? result.signal}:\n${output.slice(-4000)}`);
  const tasks = [...output.matchAll(/^\s*>\s+nx run (\S+)(?:\s+\[([^\]]+)\])?\s*$/gm)].filter((t) => !t[1].endsWith(':cargo-lock'));
  return { seconds: elapsedNs / 1e9, tasks: tasks.length, remote: tasks.filter((t) => t[2] === 'remote cache').length, cargo: m.cargoCalls() };
}

async function main() {
  const template = path.join(tmpRoot, 'template');
  mkdirSync(template, { recursive: true });
  log('packing the plugin and installing nx 24.0.6');
  const tarball = packPlugin(tmpRoot);
  writeFileSync(path.join(template, 'package.json'), '{"name":"template","version":"0.0.0","private":true}\n');
  npmInstall(template, ['nx@24.0.6', '@nx/devkit@24.0.0', tarball]);
  const aDir = path.join(tmpRoot, 'ci', 'a', 'repo');
  mkdirSync(aDir, { recursive: true });
  makeWorkspace(aDir);
  symlinkSync(path.join(template, 'node_modules'), path.join(aDir, 'node_modules'), 'dir');
  const bDir = path.join(tmpRoot, 'elsewhere', 'deeper', 'b');
  mkdirSync(path.dirname(bDir), { recursive: true });
  run('git', ['clone', '-q', aDir, bDir]);
  symlinkSync(path.join(template, 'node_modules'), path.join(bDir, 'node_modules'), 'dir');
  for (const dir of [aDir, bDir]) appendFileSync(path.join(dir, '.git', 'info', 'exclude'), '/node_modules\n');

  server = await startServer();
  const remote = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN };
  const a = runMany(machine('a'), aDir, remote);
  const b = runMany(machine('b'), bDir, remote);
  const problems = [];
  if (b.remote !== b.tasks) problems.push(`clone B took ${b.remote} of its ${b.tasks} tasks from the remote cache`);
  if (b.cargo !== 0) problems.push(`clone B started cargo ${b.cargo} times`);
  if (existsSync(path.join(bDir, 'target'))) problems.push('clone B has a target/ folder');

  const source = CRATES ? `a synthetic ${CRATES}-crate workspace (synth-workspace)` : `a copy of \`${path.relative(repoRoot, EXAMPLE)}\``;
  const lines = [
    `# Remote cache: clone B from the remote cache against clone A cold`,
    '',
    `Workspace: ${source}; \`nx run-many -t ${TARGETS.join(' ')}\` (${a.tasks} tasks, lock gates left out) in each clone, Nx ${installedVersion(template, 'nx')}, ${toolVersion('rustc', ['--version'])}, ${os.cpus().length} cores.`,
    '',
    '| clone | wall seconds | tasks from the remote cache | cargo processes |',
    '| --- | ---: | ---: | ---: |',
    `| A, cold (fills the remote cache) | ${a.seconds.toFixed(1)} | ${a.remote} of ${a.tasks} | ${a.cargo} |`,
    `| B, another path and HOME, no target/ | ${b.seconds.toFixed(1)} | ${b.remote} of ${b.tasks} | ${b.cargo} |`,
    '',
    `B took ${((b.seconds / a.seconds) * 100).toFixed(0)}% of A's time.`,
    '',
  ];
  publishReport(markdown(lines, problems), 'bench-remote-cache.md');
  if (problems.length) process.exitCode = 1;
}

main()
  .catch((error) => {
    log(`error: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  })
  .finally(() => {
    server?.child.kill('SIGTERM');
    if (KEEP) log(`kept ${tmpRoot}`);
    else rmSync(tmpRoot, { recursive: true, force: true });
  });
