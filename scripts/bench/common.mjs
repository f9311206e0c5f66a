// Helpers shared by the benchmark scripts (scripts/bench-graph.mjs, scripts/bench-run.mjs).

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository root (two levels above this file).
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The npm name of this repo's plugin, as installed in the benchmark workspaces.
export const OURS = '@ms/rust';

// ---------------------------------------------------------------- options

// The value of `--name value` / `--name=value` (`'true'` for a bare `--name`), else $envName, else fallback.
export function option(name, envName, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) {
      const next = argv[i + 1];
      return next === undefined || next.startsWith('--') ? 'true' : next;
    }
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return process.env[envName] ?? fallback;
}

// A boolean option: true for 1, true or yes (any case), false otherwise.
export const flag = (name, envName) => ['1', 'true', 'yes'].includes(String(option(name, envName, '')).toLowerCase());

// An integer option of at least `min`; throws on anything else.
export function count(name, envName, fallback, min) {
  const value = Number(option(name, envName, fallback));
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`--${name} / ${envName} must be an integer >= ${min}, got ${option(name, envName, fallback)}`);
  }
  return value;
}

function firstExisting(candidates) {
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

// The synth-workspace script: --synth / BENCH_SYNTH, else ../shared/tools next to the repo, else /work/shared/tools.
export const synthPath = () =>
  option('synth', 'BENCH_SYNTH', null) ??
  firstExisting([path.resolve(repoRoot, '..', 'shared', 'tools', 'synth-workspace'), '/work/shared/tools/synth-workspace']);

// ---------------------------------------------------------------- small helpers

// A progress logger to stderr, each line prefixed with `[tag]`.
export const createLog = (tag) => (message) => {
  process.stderr.write(`[${tag}] ${message}\n`);
};

// Runs a helper command (setup, not measured) from an argument array; returns its stdout, throws with its output on failure.
export function run(file, args, options = {}) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${file} ${args.join(' ')} failed (exit ${error.status ?? error.signal ?? error.code})\n${output}`);
  }
}

// Runs npm the way the script was started (npm run sets npm_execpath), else npm from PATH.
export function npm(args, options) {
  const cli = process.env.npm_execpath;
  return cli && /\.[cm]?js$/.test(cli) ? run(process.execPath, [cli, ...args], options) : run('npm', args, options);
}

// Runs a measured command with stdout/stderr to files (not pipes: Nx exits without draining them); returns spawnSync's result and the elapsed nanoseconds.
export function spawnToFiles(file, args, options, outFile, errFile) {
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  let result;
  const started = process.hrtime.bigint();
  try {
    result = spawnSync(file, args, { ...options, stdio: ['ignore', out, err] });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  return { result, elapsedNs: Number(process.hrtime.bigint() - started) };
}

// The median of a non-empty list of numbers.
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The smallest of a list of numbers.
export const min = (values) => Math.min(...values);

// Text without ANSI CSI sequences (colours, cursor moves, `?` private modes) and carriage returns.
export const stripAnsi = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

// A parsed JSON file.
export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// The version of package `name` installed in root/node_modules, or undefined.
export function installedVersion(root, name) {
  const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
  return existsSync(file) ? readJson(file).version : undefined;
}

// A tool's `--version` line (or whatever args print), or 'unavailable'.
export function toolVersion(file, args) {
  try {
    return run(file, args).trim();
  } catch {
    return 'unavailable';
  }
}

// "commit <sha>[, uncommitted changes]" for the repo's HEAD and packages/rust, for the report.
export function gitDescribe() {
  try {
    const sha = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).trim();
    const dirty = run('git', ['status', '--porcelain', '--', 'packages/rust'], { cwd: repoRoot }).trim() ? ', uncommitted changes' : '';
    return `commit ${sha}${dirty}`;
  } catch {
    return 'not a git checkout';
  }
}

// ---------------------------------------------------------------- workspace setup

// Packs packages/rust into destDir with npm pack; returns the tarball's path.
export function packPlugin(destDir, root = repoRoot) {
  const packed = JSON.parse(npm(['pack', './packages/rust', '--pack-destination', destDir, '--json'], { cwd: root }).replace(/^[^[]*/, ''));
  return path.join(destDir, packed[0].filename);
}

// The plugin as it was at git ref `ref`: a detached worktree in destDir, built with this
// checkout's node_modules, then packed into destDir; returns the tarball's path.
export function packPluginAt(ref, destDir, log) {
  const src = path.join(destDir, 'src');
  mkdirSync(destDir, { recursive: true });
  log(`building ${OURS} at ${ref} in ${src}`);
  run('git', ['worktree', 'add', '--detach', '--force', src, ref], { cwd: repoRoot });
  try {
    // This checkout's packages when the lockfiles agree; the ref's own (npm ci) when they do not:
    // a build against other versions of its dependencies may not compile, or not behave as it did.
    const lock = (dir) => readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    if (lock(src) === lock(repoRoot)) {
      for (const dir of ['node_modules', path.join('packages', 'rust', 'node_modules')]) {
        if (existsSync(path.join(repoRoot, dir))) symlinkSync(path.join(repoRoot, dir), path.join(src, dir), 'dir');
      }
    } else {
      log(`${ref} has other dependencies than this checkout: installing them (npm ci)`);
      npm(['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: src });
    }
    npm(['run', 'build'], { cwd: src });
    return packPlugin(destDir, src);
  } finally {
    run('git', ['worktree', 'remove', '--force', src], { cwd: repoRoot });
  }
}

// Writes a `crates`-crate Cargo workspace into dir with synth-workspace, plus a package.json and an nx.json naming OURS.
export function synthesize(synth, dir, crates, log) {
  if (!existsSync(synth)) throw new Error(`synth-workspace not found at ${synth} (set BENCH_SYNTH)`);
  log(`synthesizing a ${crates}-crate Cargo workspace in ${dir}`);
  run('python3', [synth, dir, String(crates)]);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-workspace', version: '0.0.0', private: true }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', plugins: [OURS] }, null, 2)}\n`);
}

// git init in dir and commit everything in it (fixed author, no signing).
export function gitCommitAll(dir, message) {
  const git = (...args) => run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

// Quiet `npm install` of specs in dir, preferring the local npm cache; extraFlags go before --loglevel.
export function npmInstall(dir, specs, extraFlags = []) {
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', ...extraFlags, '--loglevel=error', ...specs], { cwd: dir });
}

// The path of the nx CLI script installed in dir (run it with process.execPath).
export const nxBin = (dir) => path.join(dir, 'node_modules', 'nx', readJson(path.join(dir, 'node_modules', 'nx', 'package.json')).bin.nx);

// ---------------------------------------------------------------- report

// The report's lines plus a "Notes:" list (if there are notes), as one Markdown text.
export function markdown(lines, notes) {
  if (notes.length) {
    lines.push('Notes:');
    lines.push('');
    for (const note of notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

// Writes the report to stdout and to tmp/<fileName> in the repo.
export function publishReport(report, fileName) {
  process.stdout.write(report);
  mkdirSync(path.join(repoRoot, 'tmp'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'tmp', fileName), report);
}

// ---------------------------------------------------------------- entry point

// Runs main; an exception is logged and sets exit code 1; finish (keep or delete the temporary files) runs in any case.
export function runMain(main, log, finish) {
  try {
    main();
  } catch (error) {
    log(`error: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  } finally {
    finish();
  }
}
