/**
 * Throwaway Nx workspaces with the packed @ms/rust installed, and the commands the e2e tests run
 * in them. Every process is spawned with an argument array, never through a shell.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(__dirname, '..', 'fixtures');

/** Versions a user would install next to the plugin. */
export const NX_VERSION = '24.0.6';
export const NX_DEVKIT_VERSION = '24.0.0';

/** The nx and @nx/devkit versions a template installs. */
export interface NxVersions {
  nx: string;
  devkit: string;
}
const DEFAULT_NX: NxVersions = { nx: NX_VERSION, devkit: NX_DEVKIT_VERSION };

/** The newest nx and @nx/devkit of each older major the peer range admits. */
export const OLDER_NX_MAJORS: NxVersions[] = [
  { nx: '22.7.12', devkit: '22.7.12' },
  { nx: '23.3.2', devkit: '23.3.2' },
];

/** A folder whose node_modules hold the packed plugin with one version of nx and @nx/devkit. */
export interface NxTemplate {
  dir: string;
  versions: NxVersions;
}

/** Set by the global setup for the test files; read here. */
const ROOT_ENV = 'MS_RUST_E2E_ROOT';
const TEMPLATE_ENV = 'MS_RUST_E2E_TEMPLATE';
const TARBALL_ENV = 'MS_RUST_E2E_TARBALL';
/** `MS_RUST_E2E_KEEP=1` keeps the temporary folders for a look after the run. */
export const KEEP_ENV = 'MS_RUST_E2E_KEEP';

const MAX_BUFFER = 256 * 1024 * 1024;

export interface CommandResult {
  /** The command line, for messages. */
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, without ANSI escapes: what the assertions read. */
  output: string;
}

export interface RunOptions {
  /** Variables to set (string) or remove (undefined) on top of the clean environment. */
  env?: Record<string, string | undefined>;
  /** Return a failing result instead of throwing. */
  allowFailure?: boolean;
  /** Kill the process after this long (default 5 minutes). */
  timeoutMs?: number;
}

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * The environment every command gets: the test runner's, minus anything that would change what
 * nx or cargo do (a developer's NX_*, cargo flags and target dir, npm's run-script variables), plus
 * what makes nx deterministic here: no daemon, no cloud, CI output.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const drop =
    /^(NX_|JEST_|npm_|CARGO_TARGET_DIR$|CARGO_BUILD_|CARGO_ENCODED_|CARGO_PROFILE_|CARGO_INCREMENTAL$|RUSTFLAGS$|RUSTDOCFLAGS$|RUSTC$|RUSTDOC$|RUSTC_WRAPPER$|RUSTC_WORKSPACE_WRAPPER$|INIT_CWD$|GIT_DIR$|GIT_WORK_TREE$)/;
  // npm run exports its whole configuration as npm_config_*: keep only where npm fetches from.
  const keepNpm = /^npm_config_(registry|cafile|ca|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl)$/i;
  for (const [k, v] of Object.entries(process.env)) if (!drop.test(k) || keepNpm.test(k)) env[k] = v;
  Object.assign(env, {
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `file args…` in `cwd`; throws with the whole output when it fails, unless allowFailure. */
export function run(file: string, args: string[], cwd: string, options: RunOptions = {}): CommandResult {
  const spawnOptions: SpawnSyncOptions = {
    cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    timeout: options.timeoutMs ?? 5 * 60 * 1000,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const r = spawnSync(file, args, spawnOptions);
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const result: CommandResult = {
    command: [file, ...args].join(' '),
    status: r.status,
    stdout,
    stderr,
    output: stripAnsi(`${stdout}\n${stderr}`),
  };
  if (r.error && !options.allowFailure) throw new Error(`${result.command} (in ${cwd}) could not run: ${r.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${result.command} (in ${cwd}) exited with ${result.status ?? r.signal}:\n${result.output}`);
  }
  return result;
}

export function parseJson<T = unknown>(result: CommandResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${result.command} did not print JSON:\n${result.output}`);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Global setup: pack once, install once.                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * Packs packages/rust (already built by `npm run test:e2e`) and installs nx, @nx/devkit and the
 * tarball into a template folder whose node_modules every test workspace links to.
 */
export function prepareTemplate(): { root: string; template: string; tarball: string } {
  if (!existsSync(join(REPO_ROOT, 'packages/rust/dist/index.js'))) {
    throw new Error('packages/rust/dist is missing: run `npm run build` first (`npm run test:e2e` does)');
  }
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ms-rust-e2e-')));
  const packDir = join(root, 'pack');
  mkdirSync(packDir);
  run('npm', ['pack', './packages/rust', '--pack-destination', packDir, '--silent'], REPO_ROOT);
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.join(', ') || 'nothing'} in ${packDir}`);
  const tarball = join(packDir, tarballs[0]);

  const template = join(root, 'template');
  installTemplate(template, tarball, DEFAULT_NX);
  process.env[ROOT_ENV] = root;
  process.env[TEMPLATE_ENV] = template;
  process.env[TARBALL_ENV] = tarball;
  return { root, template, tarball };
}

/** The run's temporary folder, the template with the plugin installed and the packed tarball. */
export function e2eRun(): { root: string; template: string; tarball: string } {
  const root = process.env[ROOT_ENV];
  const template = process.env[TEMPLATE_ENV];
  const tarball = process.env[TARBALL_ENV];
  if (!root || !template || !tarball) throw new Error('the e2e global setup did not run: use `npm run test:e2e`');
  return { root, template, tarball };
}

/**
 * A template with other versions of nx and @nx/devkit beside the run's own (for the tests of
 * older Nx majors), holding the same packed plugin; installed once per run.
 */
export function prepareNxTemplate(versions: NxVersions): NxTemplate {
  const root = process.env[ROOT_ENV];
  const tarball = process.env[TARBALL_ENV];
  if (!root || !tarball) throw new Error('the e2e global setup did not run: use `npm run test:e2e`');
  const dir = join(root, `template-nx-${versions.nx}`);
  if (!existsSync(join(dir, 'node_modules', '@ms/rust/dist/index.js'))) installTemplate(dir, tarball, versions);
  return { dir, versions };
}

/** Installs nx, @nx/devkit and the tarball into `dir` and checks that each arrived at its version. */
function installTemplate(dir: string, tarball: string, versions: NxVersions): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(workspacePackageJson('template', tarball, versions), null, 2) + '\n');
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir, { timeoutMs: 10 * 60 * 1000 });
  for (const must of ['nx/package.json', '@nx/devkit/package.json', '@ms/rust/dist/index.js']) {
    if (!existsSync(join(dir, 'node_modules', must))) throw new Error(`npm install left no node_modules/${must} in ${dir}`);
  }
  for (const [name, version] of [['nx', versions.nx], ['@nx/devkit', versions.devkit]]) {
    const installed = (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    if (installed !== version) throw new Error(`npm install put ${name}@${installed} in ${dir}, not ${version}`);
  }
}

export function removeTemplate(): void {
  const root = process.env[ROOT_ENV];
  if (!root || process.env[KEEP_ENV]) return;
  rmSync(root, { recursive: true, force: true });
}

function workspacePackageJson(name: string, tarball: string, versions: NxVersions = DEFAULT_NX) {
  return {
    name,
    version: '0.0.0',
    private: true,
    devDependencies: {
      '@ms/rust': `file:${tarball}`,
      '@nx/devkit': versions.devkit,
      nx: versions.nx,
    },
  };
}

/**
 * The CARGO_HOME under which cargo can fetch clap and criterion (the generated crates' registry
 * dependencies): Debian's packaged crates when crates.io is out of reach, set up once per run by
 * scripts/offline-crates.mjs; undefined when crates.io is reachable (cargo's own home then).
 */
export function prepareCrates(): string | undefined {
  const result = run(process.execPath, [join(REPO_ROOT, 'scripts', 'offline-crates.mjs'), join(REPO_ROOT, 'tmp', 'cargo-home')], REPO_ROOT, {
    timeoutMs: 15 * 60 * 1000,
  });
  const home = /^CARGO_HOME=(.*)$/m.exec(result.stdout.trim().split('\n').pop() ?? '')?.[1] || undefined;
  if (home) process.env[CARGO_HOME_ENV] = home;
  return home;
}

const CARGO_HOME_ENV = 'MS_RUST_E2E_CARGO_HOME';

/** Environment for commands that fetch registry crates (see prepareCrates). */
export function cratesEnv(): Record<string, string> {
  const home = process.env[CARGO_HOME_ENV];
  return home ? { CARGO_HOME: home } : {};
}

/* ------------------------------------------------------------------------------------------ */
/* Test workspaces                                                                              */
/* ------------------------------------------------------------------------------------------ */

/** The nx.json `plugins` entry: the bare name, or the name with options. */
export type PluginEntry = string | { plugin: string; options?: unknown };

export interface WorkspaceOptions {
  /** Plugin options; without them nx.json lists the plugin by name only. */
  pluginOptions?: Record<string, unknown>;
  /** More nx.json keys (targetDefaults, …). */
  nxJson?: Record<string, unknown>;
  /** Another nx than the run's (see prepareNxTemplate). */
  template?: NxTemplate;
  /** A Cargo workspace to copy instead of `fixtures/<fixture>` (its build output, Cargo.lock and `.cargo` left out). */
  source?: string;
}

/** What a copy of a Cargo workspace from outside `fixtures/` leaves behind: git-ignored output and local configuration. */
const NOT_COPIED = new Set(['target', 'dist', '.nx', '.cargo', 'Cargo.lock', 'node_modules']);

/**
 * A fresh Nx workspace holding a copy of `e2e/fixtures/<fixture>`: git repository on `main`,
 * package.json, nx.json with @ms/rust, .gitignore, the shared node_modules, all committed.
 */
export function createWorkspace(fixture: string, options: WorkspaceOptions = {}): TestWorkspace {
  const { root, tarball, template: runTemplate } = e2eRun();
  const template = options.template?.dir ?? runTemplate;
  const source = options.source ?? join(FIXTURES, fixture);
  if (!existsSync(source)) throw new Error(`no fixture ${source}`);

  const dir = mkdtempSync(join(root, `${fixture}-`));
  const copied = options.source ? (from: string) => !NOT_COPIED.has(relative(source, from).split(/[\\/]/)[0]) : undefined;
  cpSync(source, dir, { recursive: true, filter: copied });
  const plugin: PluginEntry = options.pluginOptions ? { plugin: '@ms/rust', options: options.pluginOptions } : '@ms/rust';
  writeFileSync(join(dir, 'package.json'), JSON.stringify(workspacePackageJson(`e2e-${fixture}`, tarball, options.template?.versions), null, 2) + '\n');
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ ...options.nxJson, plugins: [plugin] }, null, 2) + '\n');
  writeFileSync(join(dir, '.gitignore'), ['target/', 'dist/', 'node_modules/', '.nx/', ''].join('\n'));
  // One install for the whole run: node_modules is a link to the template's.
  symlinkSync(join(template, 'node_modules'), join(dir, 'node_modules'), 'dir');

  const ws = new TestWorkspace(dir);
  ws.git(['init', '-q', '-b', 'main']);
  // `node_modules/` in .gitignore matches folders only; the link is kept out of git here.
  appendFileSync(join(dir, '.git', 'info', 'exclude'), '/node_modules\n');
  ws.commit(`fixture ${fixture}`);
  return ws;
}

export class TestWorkspace {
  constructor(readonly root: string) {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  write(rel: string, content: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), content);
  }

  append(rel: string, content: string): void {
    appendFileSync(this.path(rel), content);
  }

  /** Replaces exactly one occurrence of `from`; throws if there is none, so edits cannot silently miss. */
  replace(rel: string, from: string | RegExp, to: string | ((match: string, ...groups: string[]) => string)): void {
    const text = this.read(rel);
    const next = typeof to === 'string' ? text.replace(from, to) : text.replace(from, to);
    if (next === text) throw new Error(`${rel}: nothing matched ${String(from)}`);
    this.write(rel, next);
  }

  /** Path relative to the workspace, with forward slashes (cargo prints canonical paths). */
  relative(absolute: string): string {
    return relative(realpathSync(this.root), absolute).split('\\').join('/');
  }

  exec(file: string, args: string[], options: RunOptions & { cwd?: string } = {}): CommandResult {
    return run(file, args, options.cwd ? this.path(options.cwd) : this.root, options);
  }

  git(args: string[]): CommandResult {
    return this.exec('git', args);
  }

  commit(message: string): void {
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', message]);
  }

  /** `npx nx …` in the workspace. */
  nx(args: string[], options: RunOptions = {}): CommandResult {
    return this.exec('npx', ['nx', ...args], options);
  }

  nxJson<T = unknown>(args: string[], options: RunOptions = {}): T {
    return parseJson<T>(this.nx(args, options));
  }

  cargo(args: string[], options: RunOptions & { cwd?: string } = {}): CommandResult {
    return this.exec('cargo', args, options);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Reading nx's output                                                                          */
/* ------------------------------------------------------------------------------------------ */

export type TaskOutcome = 'cache' | 'run';

/**
 * Each task of an `nx run-many` output and whether nx replayed it from the cache. nx prints one
 * line per task, `✔  nx run greet:build` (or `> nx run …` in static style), followed by
 * `[local cache]` or `[existing outputs match the cache, left as is]` when it did not run it.
 * The lock gate's no-op tasks are left out.
 */
export function taskOutcomes(result: CommandResult): Map<string, TaskOutcome> {
  const outcomes = new Map<string, TaskOutcome>();
  for (const line of result.output.split('\n')) {
    const m = /^\s*(?:[>✔✖×✓✗]\s+)?nx run (\S+)(?:\s+\[([^\]]+)\])?\s*$/.exec(line);
    if (!m) continue;
    // The lock gate's no-op tasks (`<crate>:cargo-lock`) ride along with every compiling task.
    if (m[1].endsWith(':cargo-lock')) continue;
    const cached = m[2] !== undefined && /cache/.test(m[2]);
    // A failed task may be reported twice (header, then summary); a cache hit wins only if it was one.
    if (!outcomes.has(m[1]) || cached) outcomes.set(m[1], cached ? 'cache' : 'run');
  }
  return outcomes;
}

/** Sorted task ids with the given outcome. */
export function tasksWith(outcomes: Map<string, TaskOutcome>, outcome: TaskOutcome): string[] {
  return [...outcomes].filter(([, o]) => o === outcome).map(([t]) => t).sort();
}

/** `['a', 'b'] × ['build', 'test']` → `['a:build', 'a:test', 'b:build', 'b:test']`, sorted. */
export function taskIds(projects: string[], targets: string[]): string[] {
  return projects.flatMap((p) => targets.map((t) => `${p}:${t}`)).sort();
}

/* ------------------------------------------------------------------------------------------ */
/* cargo's own view                                                                             */
/* ------------------------------------------------------------------------------------------ */

export interface CargoMetadataPackage {
  name: string;
  manifest_path: string;
  targets: { kind: string[]; name: string }[];
  dependencies: { name: string; rename?: string | null; kind: string | null; path?: string }[];
}

/** `cargo metadata --no-deps --offline` of the Cargo workspace (or standalone crate) at `dir`. */
export function cargoMetadata(ws: TestWorkspace, dir: string): { packages: CargoMetadataPackage[]; workspace_root: string } {
  return parseJson(ws.cargo(['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: dir }));
}

/** The PATH entries without any folder holding `cargo` or `rustc`; node and npx stay reachable. */
export function pathWithoutCargo(): string {
  const sep = process.platform === 'win32' ? ';' : ':';
  const hasRust = (d: string) => existsSync(join(d, 'cargo')) || existsSync(join(d, 'rustc'));
  const entries = (process.env.PATH ?? '').split(sep).filter((d) => d && !hasRust(d));
  const nodeDir = dirname(process.execPath);
  if (hasRust(nodeDir)) throw new Error(`node and cargo share ${nodeDir}; cannot hide cargo from PATH`);
  if (!entries.includes(nodeDir)) entries.unshift(nodeDir);
  return entries.join(sep);
}

/* ------------------------------------------------------------------------------------------ */
/* A cargo that logs its calls                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface CargoShim {
  /** Environment putting the shim first on PATH. */
  env: Record<string, string>;
  /** Every cargo command line so far, in order. */
  calls: () => string[];
  /** Forgets the calls so far. */
  clear: () => void;
}

/**
 * A `cargo` first on PATH that logs each command line to `.cargo-log`, then runs the real cargo;
 * both are kept out of git (and the change committed).
 */
export function cargoShim(ws: TestWorkspace): CargoShim {
  const realCargo = run('which', ['cargo'], ws.root).stdout.trim();
  const shimDir = ws.path('.shim');
  const log = ws.path('.cargo-log');
  mkdirSync(shimDir, { recursive: true });
  writeFileSync(join(shimDir, 'cargo'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realCargo}" "$@"\n`);
  chmodSync(join(shimDir, 'cargo'), 0o755);
  ws.append('.gitignore', '.shim/\n.cargo-log\n');
  ws.commit('ignore the cargo shim');
  return {
    env: { PATH: `${shimDir}:${process.env.PATH}` },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
    clear: () => rmSync(log, { force: true }),
  };
}

