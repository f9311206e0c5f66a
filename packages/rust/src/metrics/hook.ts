/**
 * Nx's `postTasksExecution` hook: after every command that ran tasks of this plugin's crates
 * (`nx run-many`, `nx affected`, `nx run`, …), writes `dist/rust-metrics/metrics.json` and
 * `dist/rust-metrics/index.html`. Never fails the run: any problem is a warning.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  logger,
  readCachedProjectGraph,
  type NxJsonConfiguration,
  type PostTasksExecution,
  type PostTasksExecutionContext,
  type ProjectGraph,
  type TargetConfiguration,
  type TaskResult,
} from '@nx/devkit';
import type { MetricsOption, RustPluginOptions } from '../plugin/options';
import { artifactsFolder, packagesFolder } from '../dist-paths';
import { DEFAULT_PROFILE } from '../executors/cargo/options';
import { DEFAULT_PACKAGE_PROFILE } from '../executors/package/options';
import { writeAtomically } from '../fs/write-atomically';
import { LOCK_GATE_COMMAND } from '../plugin/lock-gate';
import { PLUGIN_NAME } from '../plugin/shared-config';
import { renderHtml } from './html';
import { buildReport, type ArtifactFile, type Artifacts, type CrateInfo, type TaskRecord, type TaskStatus } from './report';

export const DEFAULT_METRICS_PATH = 'dist/rust-metrics';
export const METRICS_JSON = 'metrics.json';
export const METRICS_HTML = 'index.html';

/** Executors of this plugin: a task counts when its target runs one of them. */
const EXECUTOR_PREFIX = `${PLUGIN_NAME}:`;

export const postTasksExecution: PostTasksExecution<RustPluginOptions> = async (options, context) => {
  writeMetricsReport(options, context);
};

/**
 * Writes the report for this run; returns its folder, or undefined when there is nothing to write
 * (metrics off, another plugin entry writes it, no task of this plugin ran) or writing failed.
 */
export function writeMetricsReport(
  options: RustPluginOptions | undefined,
  context: Pick<PostTasksExecutionContext, 'id' | 'workspaceRoot' | 'nxJsonConfiguration' | 'taskResults' | 'argv' | 'startTime' | 'endTime'>,
  readGraph: () => ProjectGraph = readCachedProjectGraph,
): string | undefined {
  const started = Date.now();
  try {
    const outputPath = metricsOutputPath(options?.metrics);
    if (outputPath === undefined || !isReportingEntry(options, context.nxJsonConfiguration)) return undefined;
    const results = Object.values(context.taskResults ?? {});
    if (!results.length) return undefined;
    const graph = readGraph();
    const crates = crateProjects(graph);
    const tasks = results.flatMap((r) => taskRecord(r, graph) ?? []);
    if (!tasks.length) return undefined;

    const dir = resolve(context.workspaceRoot, outputPath);
    const report = buildReport({
      run: { id: context.id, argv: [...(context.argv ?? [])], startTime: context.startTime, endTime: context.endTime, now: Date.now(), ...taskWindow(results) },
      tasks,
      crates,
      artifacts: findArtifacts(context.workspaceRoot, tasks),
      previous: readJson(join(dir, METRICS_JSON)),
    });
    mkdirSync(dir, { recursive: true });
    writeAtomically(join(dir, METRICS_HTML), renderHtml(report));
    writeAtomically(join(dir, METRICS_JSON), `${JSON.stringify(report, null, 2)}\n`);
    logger.verbose(`${PLUGIN_NAME}: build metrics of ${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'} written to ${dir} in ${Date.now() - started} ms`);
    return dir;
  } catch (e) {
    logger.warn(`${PLUGIN_NAME}: the build metrics report was not written: ${(e as Error)?.message ?? String(e)}`);
    return undefined;
  }
}

/** The first start and last end among the command's tasks (any executor), where Nx recorded them. */
export function taskWindow(results: TaskResult[]): { firstTaskStart?: number; lastTaskEnd?: number } {
  const starts = results.flatMap((r) => (typeof r?.task?.startTime === 'number' ? [r.task.startTime] : []));
  const ends = results.flatMap((r) => (typeof r?.task?.endTime === 'number' ? [r.task.endTime] : []));
  return starts.length && ends.length ? { firstTaskStart: Math.min(...starts), lastTaskEnd: Math.max(...ends) } : {};
}

/** The report's folder (relative to the workspace root unless absolute), or undefined when off. */
export function metricsOutputPath(option: MetricsOption | undefined): string | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return DEFAULT_METRICS_PATH;
  if (typeof option !== 'object' || option === null) throw new Error(`option "metrics" must be true, false or { "outputPath": "…" }, not ${JSON.stringify(option)}`);
  const { outputPath } = option;
  if (outputPath === undefined) return DEFAULT_METRICS_PATH;
  if (typeof outputPath !== 'string' || outputPath.trim() === '') throw new Error(`option "metrics.outputPath" must be a folder name, not ${JSON.stringify(outputPath)}`);
  return outputPath;
}

/**
 * Nx calls the hook once per plugin entry of nx.json. When @ms/rust is listed more than once (one
 * entry per Cargo workspace, with `include` patterns), the first entry writes the report (its
 * `metrics` option decides) and the others stay quiet. Entries are told apart by their options;
 * a plugin registered by path rather than by name always writes.
 */
export function isReportingEntry(options: RustPluginOptions | undefined, nxJson: NxJsonConfiguration | undefined): boolean {
  const entries = (nxJson?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p?.plugin) === PLUGIN_NAME);
  if (entries.length < 2) return true;
  const first = entries[0];
  const firstOptions = typeof first === 'string' ? undefined : first.options;
  return stableJson(options ?? {}) === stableJson(firstOptions ?? {});
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A target run by this plugin's executors that does something (not the lock gate). */
function isPluginTarget(target: TargetConfiguration | undefined): boolean {
  if (typeof target?.executor !== 'string' || !target.executor.startsWith(EXECUTOR_PREFIX)) return false;
  return (target.options as { command?: unknown } | undefined)?.command !== LOCK_GATE_COMMAND;
}

/** The crate projects of the graph: projects with a target run by this plugin's executors. */
export function crateProjects(graph: ProjectGraph): Record<string, CrateInfo & { targets: string[] }> {
  const out: Record<string, CrateInfo & { targets: string[] }> = {};
  for (const [name, node] of Object.entries(graph.nodes ?? {})) {
    const targets = Object.entries(node.data?.targets ?? {})
      .filter(([, t]) => isPluginTarget(t))
      .map(([t]) => t);
    if (!targets.length) continue;
    const cargo = (node.data.metadata as { cargo?: { package?: unknown; version?: unknown } } | undefined)?.cargo;
    out[name] = {
      project: name,
      root: node.data.root,
      ...(typeof cargo?.package === 'string' ? { package: cargo.package } : {}),
      ...(typeof cargo?.version === 'string' ? { version: cargo.version } : {}),
      targets,
    };
  }
  return out;
}

/** The task as the report needs it, when its target runs one of this plugin's executors. */
export function taskRecord(result: TaskResult, graph: ProjectGraph): TaskRecord | undefined {
  const task = result?.task;
  if (!task?.target) return undefined;
  const { project, target: targetName, configuration } = task.target;
  const target = graph.nodes?.[project]?.data?.targets?.[targetName];
  if (!target || !isPluginTarget(target)) return undefined;
  const options = (target.options ?? {}) as Record<string, unknown>;
  const chosen = configuration ? ((target.configurations?.[configuration] ?? {}) as Record<string, unknown>) : {};
  const overrides = (task.overrides ?? {}) as Record<string, unknown>;
  const pick = (key: string) => [overrides[key], chosen[key], options[key]].find((v) => typeof v === 'string') as string | undefined;
  const command = pick('command');
  const record: TaskRecord = {
    taskId: task.id,
    project,
    target: targetName,
    status: result.status as TaskStatus,
    cacheable: task.cache !== false && target.cache !== false,
  };
  if (configuration) record.configuration = configuration;
  if (typeof task.startTime === 'number') record.startTime = task.startTime;
  if (typeof task.endTime === 'number') record.endTime = task.endTime;
  if (task.hash) record.hash = task.hash;
  if (command) record.command = command;
  record.executor = (target.executor as string).slice(EXECUTOR_PREFIX.length);
  // The executor's default profile (and the folder its build copies artifacts to) is `dev`.
  // The package executor builds `release` unless told otherwise.
  if (command === 'build' || record.executor === 'package' || pick('profile')) record.profile = pick('profile') ?? (record.executor === 'package' ? DEFAULT_PACKAGE_PROFILE : DEFAULT_PROFILE);
  return record;
}

/**
 * Per task id, the binaries each build task of the run left in dist/target/<profile>/<project>/,
 * and those each package task archived (its dist/packages/<project>/manifest.json).
 */
export function findArtifacts(workspaceRoot: string, tasks: TaskRecord[]): Record<string, Artifacts> {
  const out: Record<string, Artifacts> = {};
  for (const t of tasks) {
    if (t.executor === 'package') {
      const packaged = packagedBinaries(workspaceRoot, t.project);
      if (packaged) out[t.taskId] = packaged;
      continue;
    }
    if (t.command !== 'build' || !t.profile) continue;
    const dir = join(workspaceRoot, artifactsFolder(t.profile, t.project));
    const files: ArtifactFile[] = [];
    if (existsSync(dir)) {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        files.push({ name: entry.name, bytes: statSync(join(dir, entry.name)).size });
      }
    }
    const rel = relative(workspaceRoot, dir).split('\\').join('/');
    out[t.taskId] = { profile: t.profile, dir: isAbsolute(rel) ? dir : rel, files };
  }
  return out;
}

/** The binaries a package task archived, as its manifest lists them (its profile, their sizes before compression). */
function packagedBinaries(workspaceRoot: string, project: string): Artifacts | undefined {
  const dir = packagesFolder(project);
  const manifest = readJson(join(workspaceRoot, dir, 'manifest.json')) as { profile?: unknown; binaries?: unknown } | undefined;
  if (typeof manifest?.profile !== 'string' || !Array.isArray(manifest.binaries)) return undefined;
  const files = (manifest.binaries as { name?: unknown; bytes?: unknown }[])
    .filter((b): b is ArtifactFile => typeof b?.name === 'string' && typeof b.bytes === 'number')
    .map((b) => ({ name: b.name, bytes: b.bytes }));
  return { profile: manifest.profile, dir, files };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
