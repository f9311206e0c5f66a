/**
 * The build metrics report: the tasks of one Nx run (crate, target, status, times) and the
 * artifacts the build targets left in dist/target, merged over the previous report. Pure: the hook
 * (`hook.ts`) gathers the input from Nx and the file system, `renderHtml` draws the result.
 */
import { shownCommand } from '../shown-command';

export const REPORT_VERSION = 2;

/** Nx's task statuses (`TaskResult['status']`). */
export type TaskStatus = 'success' | 'failure' | 'skipped' | 'stopped' | 'local-cache-kept-existing' | 'local-cache' | 'remote-cache';

/**
 * `hit`: replayed from Nx's cache (local or remote); `miss`: not in the cache, so it ran (or, when
 * skipped, would have); `off`: the target is not cacheable (`run`, `bench`).
 */
export type CacheOutcome = 'hit' | 'miss' | 'off';

/** One task of the run, as the hook found it. */
export interface TaskRecord {
  taskId: string;
  project: string;
  target: string;
  configuration?: string;
  status: TaskStatus;
  /** Whether Nx may cache the task (the target's `cache`). */
  cacheable: boolean;
  /** Epoch milliseconds, as Nx records them on the task. */
  startTime?: number;
  endTime?: number;
  hash?: string;
  /** The executor's `command` option: the cargo subcommand (`build`, `test`, `clippy`, …). */
  command?: string;
  /** The cargo profile the task ran with (`dev` unless a configuration or option says otherwise). */
  profile?: string;
  /** This plugin's executor the target runs (`cargo`, `package`). */
  executor?: string;
}

/** What the project graph says about a crate project. */
export interface CrateInfo {
  project: string;
  /** The project's folder, relative to the workspace root. */
  root: string;
  /** `package.name` and `package.version` of Cargo.toml. */
  package?: string;
  version?: string;
}

export interface ArtifactFile {
  name: string;
  bytes: number;
}

/** The binaries a build target copied to `dist/target/<profile>/<project>/`, or a package target archived in `dist/packages/<project>/`. */
export interface Artifacts {
  profile: string;
  /** The folder, relative to the workspace root, with forward slashes. */
  dir: string;
  files: ArtifactFile[];
}

export interface RunInfo {
  /** Nx's id of the command. */
  id: string;
  argv: string[];
  /** When Nx started and finished running the tasks (epoch ms). */
  startTime: number;
  endTime: number;
  /** The first start and last end of the command's tasks, all of them (epoch ms), when Nx recorded them. */
  firstTaskStart?: number;
  lastTaskEnd?: number;
  /** When the report is written (epoch ms). */
  now: number;
}

export interface ReportInput {
  run: RunInfo;
  /** This plugin's tasks of the run. */
  tasks: TaskRecord[];
  /** Every crate project of the current project graph: crates not in it leave the report. */
  crates: Record<string, CrateInfo & { targets: string[] }>;
  /** Per task id: the binaries found after a build or package task of this run. */
  artifacts: Record<string, Artifacts>;
  /** The report of an earlier run, if any (anything else found there is ignored). */
  previous?: unknown;
}

export interface TargetMetrics {
  taskId: string;
  /** The cargo subcommand the target runs. */
  command?: string;
  configuration?: string;
  profile?: string;
  status: TaskStatus;
  cache: CacheOutcome;
  /** Where a hit came from. */
  cacheSource?: 'local' | 'remote';
  /** Whether the task ran (not replayed from the cache, not skipped). */
  ran: boolean;
  /** The task's wall time, from Nx's start and end times; null when Nx recorded none. */
  seconds: number | null;
  /**
   * How many tasks of the run share exactly this start and end: a batch runs one cargo for several
   * crates, and each of their tasks gets the time of that whole cargo run. Absent when 1.
   */
  sharedBy?: number;
  startedAt?: string;
  endedAt?: string;
  hash?: string;
  /** The run that recorded this entry, and when. */
  runId: string;
  recordedAt: string;
  /**
   * The last time this task really ran with the same hash: kept across cache hits, so a replayed
   * task still shows what building it costs.
   */
  lastExecuted?: { seconds: number | null; at: string; hash?: string; sharedBy?: number };
}

export interface BinaryMetrics {
  profile: string;
  dir: string;
  files: ArtifactFile[];
  /** Sum of the files' sizes. */
  bytes: number;
  recordedAt: string;
}

export interface CrateMetrics {
  project: string;
  package?: string;
  version?: string;
  root: string;
  /** Per target name, the last recorded task. */
  targets: Record<string, TargetMetrics>;
  /**
   * Per profile (`dev`, `release`, …): the binaries of the last build or package task that
   * succeeded or was replayed (absent: none, e.g. a library).
   */
  binaries?: Record<string, BinaryMetrics>;
  /** Sum of the targets' seconds. */
  seconds: number;
}

export interface MetricsReport {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  /** The command that wrote this report. */
  lastRun: {
    id: string;
    argv: string[];
    /** `nx …` as typed (argv without node and the nx script). */
    command: string;
    startedAt: string;
    endedAt: string;
    /** Wall time of the run's tasks (all of them, this plugin's or not), as Nx measured it. */
    seconds: number;
    /**
     * From the first task's start to the last task's end (all tasks of the command): the wall time
     * the tasks' own times are compared with. Absent when no task has times.
     */
    wallSeconds?: number;
    /** The sum of this run's tasks' seconds (this plugin's, cache hits' replay included). */
    taskSeconds: number;
    /** This plugin's tasks in the run. */
    tasks: string[];
  };
  crates: Record<string, CrateMetrics>;
  totals: {
    crates: number;
    tasks: number;
    /** Per target name: the sum of the crates' seconds (shared batch times count once per task). */
    seconds: Record<string, number>;
    status: Partial<Record<TaskStatus, number>>;
    cache: Record<CacheOutcome, number>;
    binaryBytes: number;
    /** The same counts for this run's tasks only. */
    lastRun: { tasks: number; status: Partial<Record<TaskStatus, number>>; cache: Record<CacheOutcome, number> };
  };
}

const HIT_STATUSES: ReadonlySet<string> = new Set(['local-cache', 'local-cache-kept-existing', 'remote-cache']);

export function cacheOutcome(status: TaskStatus, cacheable: boolean): { cache: CacheOutcome; cacheSource?: 'local' | 'remote' } {
  if (HIT_STATUSES.has(status)) return { cache: 'hit', cacheSource: status === 'remote-cache' ? 'remote' : 'local' };
  return { cache: cacheable ? 'miss' : 'off' };
}

/** Whether the task's own work ran in this run: not replayed, not skipped for a failed dependency. */
export function ran(status: TaskStatus): boolean {
  return status === 'success' || status === 'failure' || status === 'stopped';
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The new report: every target entry of this run replaces the previous entry of that crate and
 * target; entries of earlier runs stay while their crate and target still exist in the graph.
 */
export function buildReport(input: ReportInput): MetricsReport {
  const { run, tasks, crates } = input;
  const recordedAt = iso(run.now);
  const out = carriedOver(readPrevious(input.previous), crates);
  const sharers = sharedIntervals(tasks);
  for (const t of [...tasks].sort((a, b) => a.taskId.localeCompare(b.taskId))) {
    const info = crates[t.project] ?? { project: t.project, root: '', targets: [t.target] };
    const crate = (out[t.project] ??= { ...crateHeader(info), targets: {}, seconds: 0 });
    const key = intervalOf(t);
    const sharedBy = key && ran(t.status) ? (sharers.get(key) ?? 1) : 1;
    const entry = targetEntry(t, { runId: run.id, recordedAt, sharedBy, before: crate.targets[t.target] });
    crate.targets[t.target] = entry;
    const artifacts = input.artifacts[t.taskId];
    if (artifacts && (t.status === 'success' || entry.cache === 'hit')) recordBinaries(crate, artifacts, recordedAt);
  }
  const sorted = sortedCrates(out);
  const thisRun = new Set(tasks.map((t) => t.taskId));
  return {
    version: REPORT_VERSION,
    generatedAt: recordedAt,
    lastRun: lastRunOf(run, tasks, thisRun),
    crates: sorted,
    totals: totals(sorted, thisRun),
  };
}

/** Earlier runs' entries, for crates and targets that still exist. */
function carriedOver(previous: Record<string, CrateMetrics>, crates: ReportInput['crates']): Record<string, CrateMetrics> {
  const out: Record<string, CrateMetrics> = {};
  for (const [project, old] of Object.entries(previous)) {
    const info = crates[project];
    if (!info) continue;
    const targets: Record<string, TargetMetrics> = {};
    for (const [target, entry] of Object.entries(old.targets ?? {})) if (info.targets.includes(target)) targets[target] = entry;
    out[project] = { ...crateHeader(info), targets, ...(old.binaries ? { binaries: old.binaries } : {}), seconds: 0 };
  }
  return out;
}

/** A task's start and end as one key, when Nx recorded both. */
function intervalOf(t: TaskRecord): string | undefined {
  return t.startTime !== undefined && t.endTime !== undefined ? `${t.startTime}-${t.endTime}` : undefined;
}

/** How many tasks that ran share each start and end (a batch's tasks share their cargo run's). */
function sharedIntervals(tasks: TaskRecord[]): Map<string, number> {
  const intervals = new Map<string, number>();
  for (const t of tasks) {
    const key = intervalOf(t);
    if (key && ran(t.status)) intervals.set(key, (intervals.get(key) ?? 0) + 1);
  }
  return intervals;
}

/** A task's entry, with the last time it really ran: now, or kept from `before` across a cache hit of the same hash. */
function targetEntry(t: TaskRecord, at: { runId: string; recordedAt: string; sharedBy: number; before: TargetMetrics | undefined }): TargetMetrics {
  const { recordedAt, sharedBy, before } = at;
  const seconds = t.startTime !== undefined && t.endTime !== undefined ? round3(Math.max(0, t.endTime - t.startTime) / 1000) : null;
  const entry: TargetMetrics = {
    taskId: t.taskId,
    ...(t.command !== undefined ? { command: t.command } : {}),
    ...(t.configuration !== undefined ? { configuration: t.configuration } : {}),
    ...(t.profile !== undefined ? { profile: t.profile } : {}),
    status: t.status,
    ...cacheOutcome(t.status, t.cacheable),
    ran: ran(t.status),
    seconds,
    ...(sharedBy > 1 ? { sharedBy } : {}),
    ...(t.startTime !== undefined ? { startedAt: iso(t.startTime) } : {}),
    ...(t.endTime !== undefined ? { endedAt: iso(t.endTime) } : {}),
    ...(t.hash !== undefined ? { hash: t.hash } : {}),
    runId: at.runId,
    recordedAt,
  };
  if (entry.ran && t.status !== 'stopped') {
    entry.lastExecuted = { seconds, at: recordedAt, ...(t.hash !== undefined ? { hash: t.hash } : {}), ...(sharedBy > 1 ? { sharedBy } : {}) };
  } else if (entry.cache === 'hit' && before?.lastExecuted && before.lastExecuted.hash === t.hash) {
    entry.lastExecuted = before.lastExecuted;
  }
  return entry;
}

/** A build or package task's binaries become the crate's for that profile (none: the profile's entry goes). */
function recordBinaries(crate: CrateMetrics, artifacts: Artifacts, recordedAt: string): void {
  const binaries = { ...crate.binaries };
  if (artifacts.files.length) {
    const files = [...artifacts.files].sort((a, b) => a.name.localeCompare(b.name));
    binaries[artifacts.profile] = { profile: artifacts.profile, dir: artifacts.dir, files, bytes: files.reduce((n, f) => n + f.bytes, 0), recordedAt };
  } else {
    delete binaries[artifacts.profile];
  }
  if (Object.keys(binaries).length) crate.binaries = Object.fromEntries(Object.entries(binaries).sort(([a], [b]) => a.localeCompare(b)));
  else delete crate.binaries;
}

/** The crates by name, each with its targets by name and its seconds summed. */
function sortedCrates(out: Record<string, CrateMetrics>): Record<string, CrateMetrics> {
  const sorted: Record<string, CrateMetrics> = {};
  for (const project of Object.keys(out).sort()) {
    const crate = out[project];
    crate.targets = Object.fromEntries(Object.entries(crate.targets).sort(([a], [b]) => a.localeCompare(b)));
    crate.seconds = round3(Object.values(crate.targets).reduce((n, t) => n + (t.seconds ?? 0), 0));
    sorted[project] = crate;
  }
  return sorted;
}

/** The command that wrote the report, its times, and its tasks. */
function lastRunOf(run: RunInfo, tasks: TaskRecord[], thisRun: Set<string>): MetricsReport['lastRun'] {
  return {
    id: run.id,
    argv: run.argv,
    command: commandLine(run.argv),
    startedAt: iso(run.startTime),
    endedAt: iso(run.endTime),
    seconds: round3(Math.max(0, run.endTime - run.startTime) / 1000),
    ...wallOf(run, tasks),
    taskSeconds: round3(tasks.reduce((n, t) => n + (t.startTime !== undefined && t.endTime !== undefined ? Math.max(0, t.endTime - t.startTime) : 0), 0) / 1000),
    tasks: [...thisRun].sort(),
  };
}

/** The run's wall time: its tasks' first start to last end (this plugin's tasks when Nx's others are not known). */
function wallOf(run: RunInfo, tasks: TaskRecord[]): { wallSeconds?: number } {
  const starts = tasks.flatMap((t) => t.startTime ?? []);
  const ends = tasks.flatMap((t) => t.endTime ?? []);
  const first = run.firstTaskStart ?? (starts.length ? Math.min(...starts) : undefined);
  const last = run.lastTaskEnd ?? (ends.length ? Math.max(...ends) : undefined);
  return first !== undefined && last !== undefined ? { wallSeconds: round3(Math.max(0, last - first) / 1000) } : {};
}

function crateHeader(info: CrateInfo): Omit<CrateMetrics, 'targets' | 'seconds'> {
  return {
    project: info.project,
    ...(info.package !== undefined ? { package: info.package } : {}),
    ...(info.version !== undefined ? { version: info.version } : {}),
    root: info.root,
  };
}

function totals(crates: Record<string, CrateMetrics>, thisRun: ReadonlySet<string>): MetricsReport['totals'] {
  const seconds: Record<string, number> = {};
  const status: Partial<Record<TaskStatus, number>> = {};
  const cache: Record<CacheOutcome, number> = { hit: 0, miss: 0, off: 0 };
  const last = { tasks: 0, status: {} as Partial<Record<TaskStatus, number>>, cache: { hit: 0, miss: 0, off: 0 } as Record<CacheOutcome, number> };
  let tasks = 0;
  let binaryBytes = 0;
  for (const crate of Object.values(crates)) {
    for (const b of Object.values(crate.binaries ?? {})) binaryBytes += b.bytes;
    for (const [name, t] of Object.entries(crate.targets)) {
      tasks++;
      seconds[name] = round3((seconds[name] ?? 0) + (t.seconds ?? 0));
      status[t.status] = (status[t.status] ?? 0) + 1;
      cache[t.cache]++;
      if (thisRun.has(t.taskId)) {
        last.tasks++;
        last.status[t.status] = (last.status[t.status] ?? 0) + 1;
        last.cache[t.cache]++;
      }
    }
  }
  return { crates: Object.keys(crates).length, tasks, seconds: Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b))), status, cache, binaryBytes, lastRun: last };
}

/** `nx run-many -t build` from Nx's argv (`[node, …/nx, 'run-many', …]`). */
export function commandLine(argv: string[]): string {
  const script = argv.findIndex((a, i) => i > 0 && /(^|[\\/])nx(\.js)?$/.test(a));
  const rest = script >= 0 ? argv.slice(script + 1) : argv.slice(2);
  return shownCommand(['nx', ...rest]);
}

/** The previous report's crates, when it is one this version can read; else nothing. */
function readPrevious(previous: unknown): Record<string, CrateMetrics> {
  if (!previous || typeof previous !== 'object') return {};
  const p = previous as Omit<Partial<MetricsReport>, 'version'> & { version?: unknown };
  if ((p.version !== REPORT_VERSION && p.version !== 1) || !p.crates || typeof p.crates !== 'object') return {};
  const out: Record<string, CrateMetrics> = {};
  for (const [project, crate] of Object.entries(p.crates)) {
    if (!crate || typeof crate !== 'object' || !crate.targets || typeof crate.targets !== 'object') continue;
    // Version 1 kept one set of binaries, the last build's, with its profile inside.
    const old = crate.binaries as unknown as BinaryMetrics | undefined;
    out[project] = p.version === 1 && old && typeof old.profile === 'string' ? { ...crate, binaries: { [old.profile]: old } } : crate;
  }
  return out;
}
