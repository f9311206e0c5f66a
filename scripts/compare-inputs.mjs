#!/usr/bin/env node
/**
 * Compares what every cached task of e2e fixtures hashes under two builds of the plugin: for each
 * fixture, with nx.json listing the plugin only and with init's shared configuration merged in,
 * `nx show target inputs <project>:<target> --json` for every project and target, reduced to
 * sorted files, runtime commands, environment names, external dependencies and dependent task
 * outputs. Prints each difference and exits 1 when there is one.
 *
 *   node scripts/compare-inputs.mjs <plugin package dir A> <plugin package dir B> [fixture …]
 *
 * Each plugin dir is a built packages/rust (with dist/). Workspaces are made as the e2e tests
 * make them (copy of e2e/fixtures/<fixture>, nx.json, .gitignore, git init and commit), with a
 * node_modules linking this repository's and `@ms/rust` linking the plugin dir.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const [a, b, ...rest] = process.argv.slice(2).map((x, i) => (i < 2 ? resolve(x) : x));
if (!a || !b) {
  console.error('usage: node scripts/compare-inputs.mjs <plugin dir A> <plugin dir B> [fixture …]');
  process.exit(2);
}
const fixtures = rest.length ? rest : ['clean', 'stale-inputs', 'targets', 'root-crate', 'locked'];

function run(file, args, cwd) {
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' } });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} in ${cwd} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** nx's JSON output: the first line starting a JSON value to the end. */
function json(text) {
  const start = text.search(/^[[{]/m);
  return JSON.parse(text.slice(start));
}

function workspace(root, fixture, pluginDir, init) {
  const dir = mkdtempSync(join(root, `${fixture}-`));
  cpSync(join(REPO, 'e2e/fixtures', fixture), dir, { recursive: true });
  const shared = init ? createRequire(join(pluginDir, 'package.json'))(join(pluginDir, 'dist/index.js')).sharedNxJsonConfig() : {};
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ ...shared, plugins: ['@ms/rust'] }, null, 2));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `cmp-${fixture}`, private: true }));
  writeFileSync(join(dir, '.gitignore'), 'target/\ndist/\nnode_modules/\n.nx/\n');
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@ms'), { recursive: true });
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '@ms' || entry === '.bin') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  symlinkSync(join(REPO, 'node_modules/.bin'), join(modules, '.bin'));
  symlinkSync(resolve(pluginDir), join(modules, '@ms/rust'));
  run('git', ['init', '-q', '-b', 'main'], dir);
  appendFileSync(join(dir, '.git/info/exclude'), '/node_modules\n');
  run('git', ['add', '-A'], dir);
  run('git', ['-c', 'user.email=c@example.com', '-c', 'user.name=c', 'commit', '-q', '-m', fixture], dir);
  return dir;
}

const nx = (dir, args) => run(join(dir, 'node_modules/.bin/nx'), args, dir);

/**
 * What `nx show target inputs <task> --json` prints for every cached task, in one process: the
 * same function the command calls (`getTaskRawInputs`) over one project graph, instead of one nx
 * process per task. `--cli` runs the command itself for each task (slow: a graph per task).
 */
const PRINT_ALL = `
const { createProjectGraphAsync } = require('nx/src/devkit-exports');
const { readNxJson } = require('nx/src/config/nx-json');
const { getTaskRawInputs } = require('nx/src/hasher/check-task-files');
(async () => {
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const nxJson = readNxJson();
  const out = {};
  for (const [project, node] of Object.entries(graph.nodes).sort()) {
    for (const [target, t] of Object.entries(node.data.targets ?? {}).sort()) {
      if (t.cache) out[project + ':' + target] = await getTaskRawInputs(project + ':' + target, { projectGraph: graph, nxJson });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;
const CLI = process.env.CLI === '1';

/** Every task's inputs, as sorted lists, keyed by `project:target`. */
function inputsOf(dir) {
  const shown = {};
  if (CLI) {
    for (const project of json(nx(dir, ['show', 'projects', '--json'])).sort()) {
      const config = json(nx(dir, ['show', 'project', project, '--json']));
      for (const [target, t] of Object.entries(config.targets ?? {}).sort()) {
        if (t.cache) shown[`${project}:${target}`] = json(nx(dir, ['show', 'target', 'inputs', `${project}:${target}`, '--json']));
      }
    }
  } else Object.assign(shown, JSON.parse(run(process.execPath, ['-e', PRINT_ALL], dir)));
  const out = {};
  for (const [task, inputs] of Object.entries(shown)) {
    out[task] = Object.fromEntries(['files', 'runtime', 'environment', 'external', 'depOutputs'].map((k) => [k, [...(inputs[k] ?? [])].map(String).sort()]));
  }
  return out;
}

function diff(x, y) {
  const lines = [];
  for (const task of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (!x[task] || !y[task]) {
      lines.push(`  ${task}: only in ${x[task] ? 'A' : 'B'}`);
      continue;
    }
    for (const kind of Object.keys(x[task])) {
      const only = (p, q) => p.filter((v) => !q.includes(v));
      const [inA, inB] = [only(x[task][kind], y[task][kind]), only(y[task][kind], x[task][kind])];
      if (inA.length || inB.length) lines.push(`  ${task} ${kind}: only A ${JSON.stringify(inA)}; only B ${JSON.stringify(inB)}`);
    }
  }
  return lines;
}

const root = mkdtempSync(join(tmpdir(), 'compare-inputs-'));
let differences = 0;
for (const fixture of fixtures) {
  for (const init of [false, true]) {
    const [x, y] = [a, b].map((p) => inputsOf(workspace(root, fixture, p, init)));
    const lines = diff(x, y);
    const counts = (o) => Object.values(o).reduce((n, t) => n + t.files.length + t.runtime.length + t.environment.length + t.external.length + t.depOutputs.length, 0);
    console.log(`${fixture} (${init ? "init's nx.json" : 'plugin only'}): ${Object.keys(x).length} tasks, ${counts(x)} inputs: ${lines.length ? `${lines.length} differences` : 'identical'}`);
    for (const l of lines) console.log(l);
    differences += lines.length;
  }
}
if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
process.exit(differences ? 1 : 0);
