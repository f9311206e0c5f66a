/**
 * The build metrics report (`dist/rust-metrics/metrics.json` and `index.html`) that the plugin's
 * `postTasksExecution` hook writes after every Nx command that ran tasks of its crates.
 *
 * Fixture `clean`: greet (library), hello (binary using greet), other (unrelated library).
 * The tests of the first block run in order on one workspace; each starts from the state the
 * previous left. The page is opened in headless Chromium (installed by
 * scripts/ensure-chromium.mjs when missing).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, createWorkspace, run, type TestWorkspace } from './utils/workspace';

const CRATES = ['greet', 'hello', 'other'];

interface TargetEntry {
  taskId: string;
  command?: string;
  configuration?: string;
  profile?: string;
  status: string;
  cache: 'hit' | 'miss' | 'off';
  cacheSource?: string;
  ran: boolean;
  seconds: number | null;
  runId: string;
  lastExecuted?: { seconds: number | null };
}

interface Report {
  version: number;
  generatedAt: string;
  lastRun: { id: string; argv: string[]; command: string; seconds: number; tasks: string[] };
  crates: Record<string, { package?: string; version?: string; targets: Record<string, TargetEntry>; binaries?: { profile: string; dir: string; files: { name: string; bytes: number }[]; bytes: number } }>;
  totals: { crates: number; seconds: Record<string, number>; binaryBytes: number; lastRun: { tasks: number; cache: Record<string, number> } };
}

const readReport = (ws: TestWorkspace): Report => JSON.parse(ws.read('dist/rust-metrics/metrics.json')) as Report;

describe('the build metrics report', () => {
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('clean');
  });

  it('after nx run-many -t build test: every crate with its statuses, seconds and cache misses, and the binary size of hello', () => {
    const started = Date.now();
    ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static']);
    const report = readReport(ws);

    expect(report.version).toBe(1);
    expect(Date.parse(report.generatedAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(report.lastRun.argv).toEqual(expect.arrayContaining(['run-many', '-t', 'build', 'test']));
    expect(report.lastRun.command).toBe('nx run-many -t build test --output-style=static');
    // The lock gate's no-op tasks are not cargo's.
    expect(report.lastRun.tasks).toEqual(['greet:build', 'greet:test', 'hello:build', 'hello:test', 'other:build', 'other:test']);
    expect(Object.keys(report.crates)).toEqual(CRATES);
    for (const crate of CRATES) {
      const { targets, package: pkg, version } = report.crates[crate];
      expect([pkg, version]).toEqual([crate, '0.1.0']);
      expect(Object.keys(targets)).toEqual(['build', 'test']);
      for (const [name, t] of Object.entries(targets)) {
        expect({ task: t.taskId, status: t.status, cache: t.cache, ran: t.ran, command: t.command }).toEqual({ task: `${crate}:${name}`, status: 'success', cache: 'miss', ran: true, command: name });
        expect(t.seconds).toBeGreaterThan(0);
        expect(t.runId).toBe(report.lastRun.id);
      }
      expect(targets.build.profile).toBe('dev');
    }
    const binary = ws.path('dist/target/dev/hello/hello');
    expect(report.crates.hello.binaries).toEqual({
      profile: 'dev',
      dir: 'dist/target/dev/hello',
      files: [{ name: 'hello', bytes: statSync(binary).size }],
      bytes: statSync(binary).size,
      recordedAt: report.generatedAt,
    });
    // Libraries leave no artifacts.
    expect(report.crates.greet.binaries).toBeUndefined();
    expect(report.crates.other.binaries).toBeUndefined();
    expect(report.totals.binaryBytes).toBe(statSync(binary).size);
    expect(report.totals.lastRun).toMatchObject({ tasks: 6, cache: { hit: 0, miss: 6, off: 0 } });
    expect(report.totals.seconds.build).toBeGreaterThan(0);
    expect(report.totals.seconds.test).toBeGreaterThan(0);
    // Written under a temporary name, then renamed: nothing is left behind.
    expect(run('ls', ['-a', ws.path('dist/rust-metrics')], ws.root).stdout.split('\n').filter(Boolean).sort()).toEqual(['.', '..', 'index.html', 'metrics.json']);
  });

  it('records cache hits on the second run, keeping the seconds of the run that filled the cache', () => {
    const first = readReport(ws);
    ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static']);
    const report = readReport(ws);
    expect(report.lastRun.id).not.toBe(first.lastRun.id);
    for (const crate of CRATES) {
      for (const name of ['build', 'test']) {
        const t = report.crates[crate].targets[name];
        expect({ task: t.taskId, cache: t.cache, ran: t.ran }).toEqual({ task: `${crate}:${name}`, cache: 'hit', ran: false });
        expect(['local-cache', 'local-cache-kept-existing']).toContain(t.status);
        expect(t.lastExecuted?.seconds).toBe(first.crates[crate].targets[name].seconds);
      }
    }
    expect(report.totals.lastRun.cache).toEqual({ hit: 6, miss: 0, off: 0 });
    expect(report.crates.hello.binaries?.bytes).toBe(statSync(ws.path('dist/target/dev/hello/hello')).size);
  });

  it('after nx run hello:build:release, replaces only that entry and keeps the other crates from the earlier run', () => {
    const before = readReport(ws);
    ws.nx(['run', 'hello:build:release', '--output-style=static']);
    const report = readReport(ws);
    // One entry per crate and target name: the release build replaces the dev build's entry.
    expect(report.lastRun.tasks).toEqual(['hello:build:release']);
    const build = report.crates.hello.targets.build;
    expect(build).toMatchObject({ taskId: 'hello:build:release', configuration: 'release', profile: 'release', status: 'success', cache: 'miss', runId: report.lastRun.id });
    expect(build.seconds).toBeGreaterThan(0);
    const binary = ws.path('dist/target/release/hello/hello');
    expect(report.crates.hello.binaries).toMatchObject({ profile: 'release', dir: 'dist/target/release/hello', files: [{ name: 'hello', bytes: statSync(binary).size }] });
    // Everything else is as the previous run left it.
    expect(report.crates.hello.targets.test).toEqual(before.crates.hello.targets.test);
    expect(report.crates.greet).toEqual(before.crates.greet);
    expect(report.crates.other).toEqual(before.crates.other);
  });

  it('reports a crate that does not compile as failed, and the run still writes the report', () => {
    ws.replace('other/src/lib.rs', 'x * 2', 'x * "2"');
    const result = ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static'], { allowFailure: true });
    expect(result.status).not.toBe(0);
    const report = readReport(ws);
    expect(report.crates.other.targets.build).toMatchObject({ status: 'failure', cache: 'miss', ran: true });
    expect(report.crates.other.targets.test).toMatchObject({ status: 'failure', cache: 'miss', ran: true });
    for (const crate of ['greet', 'hello']) expect(report.crates[crate].targets.test.cache).toBe('hit');
    ws.replace('other/src/lib.rs', 'x * "2"', 'x * 2');
  });

  it('warns and leaves the run alone when the report cannot be written', () => {
    // A folder where the page should go: the rename fails.
    const page = ws.path('dist/rust-metrics/index.html');
    const before = ws.read('dist/rust-metrics/metrics.json');
    run('rm', ['-f', page], ws.root);
    mkdirSync(join(page, 'in-the-way'), { recursive: true });
    const result = ws.nx(['run', 'greet:fmt', '--output-style=static']);
    expect(result.status).toBe(0);
    expect(result.output).toContain('@ms/rust: the build metrics report was not written');
    expect(ws.read('dist/rust-metrics/metrics.json')).toBe(before);
    run('rm', ['-rf', page], ws.root);
  });

  describe('index.html in headless Chromium', () => {
    let chromium: string;

    beforeAll(() => {
      const started = Date.now();
      const result = run(process.execPath, [join(REPO_ROOT, 'scripts', 'ensure-chromium.mjs')], REPO_ROOT, { timeoutMs: 10 * 60 * 1000 });
      chromium = /^CHROMIUM=(.+)$/m.exec(result.stdout)?.[1] ?? '';
      process.stdout.write(`[e2e] ${chromium} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
      expect(chromium).not.toBe('');
      // A fresh report of all three crates (the page of the last successful run).
      ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static']);
    });

    it('draws one time bar per crate and one size bar for the crate with a binary, with nothing fetched', () => {
      const html = ws.read('dist/rust-metrics/index.html');
      // Self-contained: no script, stylesheet, image or font loaded from anywhere.
      expect(html).not.toMatch(/<(script|link|img|iframe)\b|\b(src|href)=|@import|url\(/i);

      const dom = run(
        chromium,
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--user-data-dir=' + ws.path('.chromium'), '--dump-dom', `file://${ws.path('dist/rust-metrics/index.html')}`],
        ws.root,
        { timeoutMs: 60 * 1000 },
      ).stdout;
      const chart = (id: string) => {
        const m = new RegExp(`<svg[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</svg>`).exec(dom);
        expect(m).not.toBeNull();
        return [...m![1].matchAll(/<rect\b[^>]*\bclass="bar"[^>]*>/g)].map((r) => ({
          crate: /data-crate="([^"]*)"/.exec(r[0])?.[1],
          width: Number(/\bwidth="([^"]*)"/.exec(r[0])?.[1]),
        }));
      };
      const time = chart('time-chart');
      expect(time.map((b) => b.crate).sort()).toEqual(CRATES);
      for (const bar of time) expect(bar.width).toBeGreaterThan(0);
      const size = chart('size-chart');
      expect(size.map((b) => b.crate)).toEqual(['hello']);
      expect(size[0].width).toBeGreaterThan(0);
      // The crate names are drawn next to the bars.
      for (const crate of CRATES) expect(dom).toMatch(new RegExp(`<text class="label"[^>]*>${crate}</text>`));
    });
  });
});

describe('with "metrics": false in the plugin options', () => {
  it('writes no report', () => {
    const ws = createWorkspace('clean', { pluginOptions: { metrics: false } });
    ws.nx(['run-many', '-t', 'fmt', '--output-style=static']);
    expect(existsSync(ws.path('dist/rust-metrics'))).toBe(false);
    // The same command with the report on writes it.
    ws.write('nx.json', JSON.stringify({ plugins: ['@ms/rust'] }, null, 2) + '\n');
    ws.nx(['run-many', '-t', 'fmt', '--output-style=static']);
    expect(Object.keys((JSON.parse(readFileSync(ws.path('dist/rust-metrics/metrics.json'), 'utf8')) as Report).crates)).toEqual(CRATES);
  });
});
