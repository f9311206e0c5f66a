/**
 * The build metrics report (`dist/rust-metrics/metrics.json` and `index.html`) that the plugin's
 * `postTasksExecution` hook writes after every Nx command that ran tasks of its crates.
 *
 * Fixture `clean`: greet (library), hello (binary using greet), other (unrelated library).
 * The tests of the first block run in order on one workspace; each starts from the state the
 * previous left. The page is opened in headless Chromium (installed by
 * scripts/ensure-chromium.mjs when missing).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  lastRun: { id: string; argv: string[]; command: string; seconds: number; wallSeconds?: number; taskSeconds: number; tasks: string[] };
  crates: Record<string, { package?: string; version?: string; targets: Record<string, TargetEntry & { startedAt?: string; endedAt?: string }>; binaries?: Record<string, { profile: string; dir: string; files: { name: string; bytes: number }[]; bytes: number }> }>;
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

    expect(report.version).toBe(2);
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
      dev: {
        profile: 'dev',
        dir: 'dist/target/dev/hello',
        files: [{ name: 'hello', bytes: statSync(binary).size }],
        bytes: statSync(binary).size,
        recordedAt: report.generatedAt,
      },
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
    expect(report.crates.hello.binaries?.dev.bytes).toBe(statSync(ws.path('dist/target/dev/hello/hello')).size);
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
    // The release binaries join the dev ones: each size is its profile's.
    expect(report.crates.hello.binaries).toMatchObject({
      dev: { profile: 'dev', dir: 'dist/target/dev/hello' },
      release: { profile: 'release', dir: 'dist/target/release/hello', files: [{ name: 'hello', bytes: statSync(binary).size }] },
    });
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
      chromium = ensureChromium();
      // A fresh report of all three crates (the page of the last successful run).
      ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static']);
    });

    it('draws one time bar per crate and one size bar per profile of the crate with a binary, with nothing fetched', () => {
      const html = ws.read('dist/rust-metrics/index.html');
      // Self-contained: one inline script, no script, stylesheet, image or font loaded from anywhere.
      expect(html).not.toMatch(/<(link|img|iframe)\b|\b(src|href)=|@import|url\(/i);
      const page = measure(chromium, ws, 1280);
      expect(page.bars.filter((b) => b.chart === 'time-chart').map((b) => b.crate).sort()).toEqual(CRATES);
      for (const bar of page.bars) expect(bar.width).toBeGreaterThan(0);
      // hello's dev build and (from the earlier test) its release build.
      expect(page.bars.filter((b) => b.chart === 'size-chart').map((b) => `${b.crate} ${b.value.split(' ').pop()}`).sort()).toEqual(['hello dev', 'hello release']);
      for (const crate of CRATES) expect(page.labels.map((l) => l.text)).toContain(crate);
    });
  });
});

/** What Chromium drew: the page with a script added that measures it after layout (`--dump-dom` prints the result). */
interface Measured {
  window: number;
  scrollWidth: number;
  labels: { text: string; left: number; right: number; scrollWidth: number; clientWidth: number }[];
  bars: { chart: string; crate: string; width: number; value: string }[];
  times: { text: string; wraps: boolean }[];
}

function measure(chromium: string, ws: TestWorkspace, width: number): Measured {
  const probe = `<script>
const r = (e) => e.getBoundingClientRect();
const out = {
  window: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  labels: [...document.querySelectorAll('.chart .label')].map((e) => ({ text: e.textContent, left: r(e).left, right: r(e).right, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth })),
  bars: [...document.querySelectorAll('.chart .bar')].map((e) => ({ chart: e.closest('.chart').id, crate: e.dataset.crate, width: r(e).width, value: e.closest('.row').querySelector('.value').textContent })),
  times: [...document.querySelectorAll('time')].map((e) => ({ text: e.textContent, wraps: e.getClientRects().length > 1 || r(e).height > 1.5 * parseFloat(getComputedStyle(e).lineHeight || '20') })),
};
const pre = document.createElement('pre');
pre.id = 'measured';
pre.textContent = JSON.stringify(out);
document.body.append(pre);
</script>`;
  const file = ws.path('dist/rust-metrics/measured.html');
  ws.write('dist/rust-metrics/measured.html', ws.read('dist/rust-metrics/index.html').replace('</body>', `${probe}</body>`));
  const dom = run(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', `--window-size=${width},800`, '--user-data-dir=' + ws.path('.chromium'), '--dump-dom', `file://${file}`],
    ws.root,
    // A viewer five and a half hours east of UTC (no daylight saving time there).
    { timeoutMs: 60 * 1000, env: { TZ: 'Asia/Kolkata' } },
  ).stdout;
  const json = /<pre id="measured">([\s\S]*?)<\/pre>/.exec(dom)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')) as Measured;
}

function ensureChromium(): string {
  const started = Date.now();
  const result = run(process.execPath, [join(REPO_ROOT, 'scripts', 'ensure-chromium.mjs')], REPO_ROOT, { timeoutMs: 10 * 60 * 1000 });
  const chromium = /^CHROMIUM=(.+)$/m.exec(result.stdout)?.[1] ?? '';
  process.stdout.write(`[e2e] ${chromium} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  expect(chromium).not.toBe('');
  return chromium;
}

/**
 * Fixture `timing`: slow (a library whose test build evaluates a heavy constant: seconds to build
 * its tests, nothing to build or run otherwise), quick (a trivial library) and
 * a_binary_crate_whose_name_is_forty_chars (a binary with a 40-character name).
 */
describe('task times and the page, on a cold workspace', () => {
  const LONG = 'a_binary_crate_whose_name_is_forty_chars';
  let ws: TestWorkspace;
  let outer: { start: number; end: number };

  beforeAll(() => {
    ws = createWorkspace('timing');
    const start = Date.now();
    ws.nx(['run-many', '-t', 'build', 'test', '--output-style=static']);
    outer = { start, end: Date.now() };
  });

  it("gives each task its own time: the tasks' times add up to the run's wall time, and a test task's include its test build", () => {
    const report = readReport(ws);
    const entries = Object.values(report.crates).flatMap((c) => Object.values(c.targets));
    expect(entries.map((t) => t.taskId).sort()).toEqual([`${LONG}:build`, `${LONG}:test`, 'quick:build', 'quick:test', 'slow:build', 'slow:test']);
    const sum = entries.reduce((n, t) => n + (t.seconds ?? 0), 0);
    // The run: from the first task's start to the last task's end, inside what this test measured around nx.
    const first = Math.min(...entries.map((t) => Date.parse(t.startedAt!)));
    const last = Math.max(...entries.map((t) => Date.parse(t.endedAt!)));
    expect(first).toBeGreaterThanOrEqual(outer.start);
    expect(last).toBeLessThanOrEqual(outer.end);
    const wall = report.lastRun.wallSeconds!;
    expect(wall).toBeGreaterThanOrEqual((last - first) / 1000 - 0.001);
    process.stdout.write(
      `[e2e] tasks' time ${sum.toFixed(2)} s, run wall time ${wall.toFixed(2)} s (${((sum / wall) * 100).toFixed(0)}%), nx command ${((outer.end - outer.start) / 1000).toFixed(2)} s\n`,
    );
    expect(Math.abs(sum - wall)).toBeLessThanOrEqual(0.1 * wall);
    expect(report.lastRun.taskSeconds).toBeCloseTo(sum, 2);
    // slow's test build takes seconds; its build, and quick's test (build and run), do not.
    const seconds = (id: string) => entries.find((t) => t.taskId === id)!.seconds!;
    expect(seconds('slow:test')).toBeGreaterThan(1);
    expect(seconds('slow:test')).toBeGreaterThan(3 * seconds('quick:test'));
    expect(seconds('slow:test')).toBeGreaterThan(3 * seconds('slow:build'));
    // cargo's timing report was asked for the tasks' times only: no copy of it is left, and its note is not in the output.
    expect(readdirSync(ws.path('target/cargo-timings'))).toEqual(['cargo-timing.html']);
    const html = ws.read('dist/rust-metrics/index.html');
    expect(html).toMatch(/Tasks' time [\d.]+ s of [\d.]+ s wall time \(\d+%\)/);
  });

  it('draws a 40-character crate name whole, in a page as wide as the window, with local times on one line and release sizes beside dev ones', () => {
    ws.nx(['run', `${LONG}:package`, '--output-style=static']);
    const chromium = ensureChromium();
    for (const width of [1600, 900]) {
      const page = measure(chromium, ws, width);
      // Nothing wider than the window, and the chart grows with it.
      expect(page.scrollWidth).toBeLessThanOrEqual(page.window);
      const long = page.labels.find((l) => l.text === LONG)!;
      expect(long).toBeDefined();
      expect(long.left).toBeGreaterThanOrEqual(0);
      expect(long.right).toBeLessThanOrEqual(page.window);
      expect(long.scrollWidth).toBeLessThanOrEqual(long.clientWidth);
      const widest = Math.max(...page.bars.filter((b) => b.chart === 'time-chart').map((b) => b.width));
      expect(widest).toBeGreaterThan(0.4 * page.window);
      // Times in the viewer's zone (the script replaced the UTC text), never wrapped.
      expect(page.times.length).toBeGreaterThan(0);
      for (const t of page.times) {
        expect(t.text).not.toMatch(/ UTC$/);
        expect(t.text).toMatch(/GMT\+5:30|IST/);
        expect(t.wraps).toBe(false);
      }
      expect(page.bars.filter((b) => b.chart === 'size-chart' && b.crate === LONG).map((b) => b.value.split(' ').pop()).sort()).toEqual(['dev', 'release']);
    }
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
