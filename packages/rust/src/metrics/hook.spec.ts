import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger, type ProjectGraph, type TaskResult } from '@nx/devkit';
import { isReportingEntry, metricsOutputPath, postTasksExecution, taskRecord, writeMetricsReport } from './hook';
import type { MetricsReport } from './report';

const cargo = (command: string, extra: Record<string, unknown> = {}) => ({
  executor: '@ms/rust:cargo',
  options: { command, ...(command === 'build' || command === 'test' ? { profile: 'dev' } : {}) },
  configurations: { release: { profile: 'release' } },
  ...extra,
});

const GRAPH = {
  nodes: {
    hello: {
      name: 'hello',
      type: 'app',
      data: {
        root: 'hello',
        metadata: { technologies: ['rust'], cargo: { package: 'hello', version: '0.1.0' } },
        targets: { build: cargo('build'), test: cargo('test'), 'cargo-lock': { executor: '@ms/rust:cargo', options: { command: 'none' } } },
      },
    },
    greet: {
      name: 'greet',
      type: 'lib',
      data: { root: 'greet', metadata: { cargo: { package: 'greet', version: '0.2.0' } }, targets: { compile: cargo('build'), test: cargo('test') } },
    },
    web: { name: 'web', type: 'app', data: { root: 'web', targets: { build: { executor: 'nx:run-commands' } } } },
  },
  dependencies: {},
} as unknown as ProjectGraph;

function result(id: string, status: TaskResult['status'], start: number, end: number, overrides: Record<string, unknown> = {}): TaskResult {
  const [project, target, configuration] = id.split(':');
  return {
    task: { id, target: { project, target, configuration }, overrides, outputs: [], parallelism: true, cache: true, hash: `h-${id}`, startTime: start, endTime: end },
    status,
    code: status === 'failure' ? 1 : 0,
  } as unknown as TaskResult;
}

describe('the metrics hook', () => {
  let root: string;
  const context = (taskResults: Record<string, TaskResult>, plugins: unknown[] = ['@ms/rust']) => ({
    id: 'run-1',
    workspaceRoot: root,
    nxJsonConfiguration: { plugins } as never,
    taskResults,
    argv: ['node', 'nx', 'run-many', '-t', 'build', 'test'],
    startTime: 1000,
    endTime: 9000,
  });
  const all = () => ({
    'hello:build': result('hello:build', 'success', 1000, 4000),
    'hello:test': result('hello:test', 'success', 4000, 6000),
    'greet:compile': result('greet:compile', 'local-cache', 1000, 1001),
    'hello:cargo-lock': result('hello:cargo-lock', 'success', 900, 901),
    'web:build': result('web:build', 'success', 1000, 5000),
  });
  const report = () => JSON.parse(readFileSync(join(root, 'dist/rust-metrics/metrics.json'), 'utf8')) as MetricsReport;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-metrics-'));
    mkdirSync(join(root, 'dist/target/dev/hello'), { recursive: true });
    writeFileSync(join(root, 'dist/target/dev/hello/hello'), Buffer.alloc(1234));
    mkdirSync(join(root, 'dist/target/dev/greet'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes metrics.json and index.html for this plugin's tasks only, with binary sizes from dist/target", () => {
    expect(writeMetricsReport(undefined, context(all()), () => GRAPH)).toBe(join(root, 'dist/rust-metrics'));
    expect(readdirSync(join(root, 'dist/rust-metrics')).sort()).toEqual(['index.html', 'metrics.json']);
    const r = report();
    // Not the lock gate (nx:noop), not another plugin's project.
    expect(r.lastRun.tasks).toEqual(['greet:compile', 'hello:build', 'hello:test']);
    expect(Object.keys(r.crates)).toEqual(['greet', 'hello']);
    expect(r.crates.hello).toMatchObject({ package: 'hello', version: '0.1.0', binaries: { dev: { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 1234 }], bytes: 1234 } } });
    // A renamed build target is still a build (by its cargo command); a library has no binaries.
    expect(r.crates.greet.targets.compile).toMatchObject({ command: 'build', profile: 'dev', cache: 'hit' });
    expect(r.crates.greet.binaries).toBeUndefined();
    expect(r.crates.hello.targets.build.seconds).toBe(3);
    expect(readFileSync(join(root, 'dist/rust-metrics/index.html'), 'utf8').match(/<span class="bar" data-crate=/g)).toHaveLength(3);
    // The wall time spans every task of the command (the lock gate's, another plugin's).
    expect(r.lastRun).toMatchObject({ wallSeconds: 5.1, taskSeconds: 5.001 });
  });

  it('records the release binaries a package task archived, from its manifest', () => {
    const graph = JSON.parse(JSON.stringify(GRAPH)) as ProjectGraph;
    graph.nodes.hello.data.targets!.package = { executor: '@ms/rust:package', options: {} };
    mkdirSync(join(root, 'dist/packages/hello'), { recursive: true });
    writeFileSync(join(root, 'dist/packages/hello/manifest.json'), JSON.stringify({ profile: 'release', binaries: [{ name: 'hello', bytes: 555 }] }));
    const results = { ...all(), 'hello:package': result('hello:package', 'success', 6000, 7000) };
    writeMetricsReport(undefined, context(results), () => graph);
    const r = report();
    expect(r.crates.hello.targets.package).toMatchObject({ profile: 'release', status: 'success' });
    expect(r.crates.hello.binaries).toMatchObject({ dev: { bytes: 1234 }, release: { profile: 'release', dir: 'dist/packages/hello', files: [{ name: 'hello', bytes: 555 }], bytes: 555 } });
  });

  it('takes the profile from the configuration or the overrides', () => {
    const release = taskRecord(result('hello:build:release', 'success', 0, 1), GRAPH);
    expect(release).toMatchObject({ taskId: 'hello:build:release', target: 'build', configuration: 'release', profile: 'release' });
    expect(taskRecord(result('hello:build', 'success', 0, 1, { profile: 'bench' }), GRAPH)?.profile).toBe('bench');
    expect(taskRecord(result('web:build', 'success', 0, 1), GRAPH)).toBeUndefined();
    expect(taskRecord(result('gone:build', 'success', 0, 1), GRAPH)).toBeUndefined();
  });

  it('writes nothing with "metrics": false, or when no task of this plugin ran', () => {
    expect(writeMetricsReport({ metrics: false }, context(all()), () => GRAPH)).toBeUndefined();
    expect(writeMetricsReport(undefined, context({ 'web:build': all()['web:build'] }), () => GRAPH)).toBeUndefined();
    expect(writeMetricsReport(undefined, context({}), () => GRAPH)).toBeUndefined();
    expect(existsSync(join(root, 'dist/rust-metrics'))).toBe(false);
  });

  it('writes where metrics.outputPath says', () => {
    writeMetricsReport({ metrics: { outputPath: 'reports/cargo' } }, context(all()), () => GRAPH);
    expect(readdirSync(join(root, 'reports/cargo')).sort()).toEqual(['index.html', 'metrics.json']);
    expect(metricsOutputPath(undefined)).toBe('dist/rust-metrics');
    expect(metricsOutputPath(true)).toBe('dist/rust-metrics');
    expect(metricsOutputPath({})).toBe('dist/rust-metrics');
    expect(() => metricsOutputPath({ outputPath: '' })).toThrow(/outputPath/);
  });

  it('merges with the report of the previous run', () => {
    writeMetricsReport(undefined, context(all()), () => GRAPH);
    writeMetricsReport(undefined, { ...context({ 'hello:build': result('hello:build', 'local-cache', 20000, 20002) }), id: 'run-2' }, () => GRAPH);
    const r = report();
    expect(r.lastRun).toMatchObject({ id: 'run-2', tasks: ['hello:build'] });
    expect(r.crates.hello.targets.build).toMatchObject({ cache: 'hit', runId: 'run-2', lastExecuted: { seconds: 3 } });
    expect(r.crates.hello.targets.test.runId).toBe('run-1');
    expect(r.crates.greet.targets.compile.runId).toBe('run-1');
  });

  it('never throws: a failure is a warning, and the previous report stays whole', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      writeMetricsReport(undefined, context(all()), () => GRAPH);
      const before = readFileSync(join(root, 'dist/rust-metrics/metrics.json'), 'utf8');
      expect(
        writeMetricsReport(undefined, context(all()), () => {
          throw new Error('no graph');
        }),
      ).toBeUndefined();
      expect(warn).toHaveBeenLastCalledWith('@ms/rust: the build metrics report was not written: no graph');

      // The page cannot be replaced (a folder in its place): nothing is half-written.
      rmSync(join(root, 'dist/rust-metrics/index.html'));
      mkdirSync(join(root, 'dist/rust-metrics/index.html/x'), { recursive: true });
      expect(writeMetricsReport(undefined, context(all()), () => GRAPH)).toBeUndefined();
      expect(readFileSync(join(root, 'dist/rust-metrics/metrics.json'), 'utf8')).toBe(before);
      expect(readdirSync(join(root, 'dist/rust-metrics')).sort()).toEqual(['index.html', 'metrics.json']);

      expect(writeMetricsReport({ metrics: 'yes' as never }, context(all()), () => GRAPH)).toBeUndefined();
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('option "metrics" must be'));
      // Nx's hook signature: resolves, never rejects.
      await expect(postTasksExecution!({ metrics: 'yes' as never }, context(all()))).resolves.toBeUndefined();
    } finally {
      warn.mockRestore();
    }
  });

  it('with @ms/rust listed more than once in nx.json, only the first entry writes', () => {
    const a = { plugin: '@ms/rust', include: ['a/**/*'], options: { bench: false as const } };
    const b = { plugin: '@ms/rust', include: ['b/**/*'], options: { bench: false as const, metrics: { outputPath: 'x' } } };
    const plugins = [a, '@nx/js', b];
    expect(isReportingEntry({ bench: false }, { plugins } as never)).toBe(true);
    expect(isReportingEntry({ bench: false, metrics: { outputPath: 'x' } }, { plugins } as never)).toBe(false);
    expect(isReportingEntry(undefined, { plugins: ['@ms/rust'] } as never)).toBe(true);
    expect(isReportingEntry(undefined, { plugins: ['@ms/rust', { plugin: '@ms/rust', options: { run: false } }] } as never)).toBe(true);
    expect(isReportingEntry({ run: false }, { plugins: ['@ms/rust', { plugin: '@ms/rust', options: { run: false } }] } as never)).toBe(false);
    expect(writeMetricsReport(b.options, context(all(), plugins), () => GRAPH)).toBeUndefined();
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
