import { renderHtml } from './html';
import { buildReport, cacheOutcome, commandLine, type CrateInfo, type ReportInput, type TaskRecord } from './report';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

const CRATES: Record<string, CrateInfo & { targets: string[] }> = {
  greet: { project: 'greet', root: 'greet', package: 'greet', version: '0.1.0', targets: ['build', 'test', 'lint'] },
  hello: { project: 'hello', root: 'hello', package: 'hello', version: '0.2.0', targets: ['build', 'test', 'run'] },
  other: { project: 'other', root: 'libs/other', package: 'other', version: '1.0.0', targets: ['build', 'test'] },
};

function task(taskId: string, status: TaskRecord['status'], start: number, end: number, extra: Partial<TaskRecord> = {}): TaskRecord {
  const [project, target, configuration] = taskId.split(':');
  return {
    taskId,
    project,
    target,
    ...(configuration ? { configuration } : {}),
    status,
    cacheable: true,
    startTime: T0 + start,
    endTime: T0 + end,
    hash: `h-${taskId}`,
    command: target === 'lint' ? 'clippy' : target,
    ...(target === 'build' ? { profile: configuration === 'release' ? 'release' : 'dev' } : {}),
    ...extra,
  };
}

function input(tasks: TaskRecord[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    run: { id: 'run-1', argv: ['/usr/bin/node', '/ws/node_modules/.bin/nx', 'run-many', '-t', 'build', 'test'], startTime: T0, endTime: T0 + 9000, now: T0 + 9100 },
    tasks,
    crates: CRATES,
    artifacts: {},
    ...extra,
  };
}

/** A batched run: one cargo build for the three crates (0–3 s), one cargo test (3–8 s). */
const FIRST_RUN = [
  task('greet:build', 'success', 0, 3000),
  task('hello:build', 'success', 0, 3000),
  task('other:build', 'success', 0, 3000),
  task('greet:test', 'success', 3000, 8000),
  task('hello:test', 'success', 3000, 8000),
  task('other:test', 'failure', 3000, 8000),
];

describe('buildReport', () => {
  it('gives every crate its targets with status, cache outcome and seconds, and adds up totals', () => {
    const report = buildReport(
      input(FIRST_RUN, {
        artifacts: { 'hello:build': { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 4000 }, { name: 'hello-extra', bytes: 96 }] } },
      }),
    );
    expect(report.version).toBe(2);
    expect(report.generatedAt).toBe(new Date(T0 + 9100).toISOString());
    expect(report.lastRun).toEqual({
      id: 'run-1',
      argv: ['/usr/bin/node', '/ws/node_modules/.bin/nx', 'run-many', '-t', 'build', 'test'],
      command: 'nx run-many -t build test',
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 9000).toISOString(),
      seconds: 9,
      wallSeconds: 8,
      taskSeconds: 24,
      tasks: ['greet:build', 'greet:test', 'hello:build', 'hello:test', 'other:build', 'other:test'],
    });
    expect(Object.keys(report.crates)).toEqual(['greet', 'hello', 'other']);
    expect(report.crates.hello.targets.build).toEqual({
      taskId: 'hello:build',
      command: 'build',
      profile: 'dev',
      status: 'success',
      cache: 'miss',
      ran: true,
      seconds: 3,
      sharedBy: 3,
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 3000).toISOString(),
      hash: 'h-hello:build',
      runId: 'run-1',
      recordedAt: report.generatedAt,
      lastExecuted: { seconds: 3, at: report.generatedAt, hash: 'h-hello:build', sharedBy: 3 },
    });
    expect(report.crates.other.targets.test).toMatchObject({ status: 'failure', cache: 'miss', ran: true, seconds: 5 });
    expect(report.crates.other).toMatchObject({ project: 'other', package: 'other', version: '1.0.0', root: 'libs/other', seconds: 8 });
    expect(report.crates.hello.binaries).toEqual({
      dev: {
        profile: 'dev',
        dir: 'dist/target/dev/hello',
        files: [{ name: 'hello', bytes: 4000 }, { name: 'hello-extra', bytes: 96 }],
        bytes: 4096,
        recordedAt: report.generatedAt,
      },
    });
    expect(report.crates.greet.binaries).toBeUndefined();
    expect(report.totals).toEqual({
      crates: 3,
      tasks: 6,
      seconds: { build: 9, test: 15 },
      status: { success: 5, failure: 1 },
      cache: { hit: 0, miss: 6, off: 0 },
      binaryBytes: 4096,
      lastRun: { tasks: 6, status: { success: 5, failure: 1 }, cache: { hit: 0, miss: 6, off: 0 } },
    });
  });

  it('tells cache hits from misses by the task status', () => {
    expect(cacheOutcome('local-cache', true)).toEqual({ cache: 'hit', cacheSource: 'local' });
    expect(cacheOutcome('local-cache-kept-existing', true)).toEqual({ cache: 'hit', cacheSource: 'local' });
    expect(cacheOutcome('remote-cache', true)).toEqual({ cache: 'hit', cacheSource: 'remote' });
    expect(cacheOutcome('success', true)).toEqual({ cache: 'miss' });
    expect(cacheOutcome('failure', true)).toEqual({ cache: 'miss' });
    expect(cacheOutcome('skipped', true)).toEqual({ cache: 'miss' });
    expect(cacheOutcome('success', false)).toEqual({ cache: 'off' });
  });

  it('marks skipped tasks as not run and records no time Nx did not measure', () => {
    const skipped: TaskRecord = { ...task('hello:test', 'skipped', 0, 0), startTime: undefined, endTime: undefined };
    const report = buildReport(input([skipped, task('hello:run', 'success', 0, 1500, { cacheable: false })]));
    expect(report.crates.hello.targets.test).toMatchObject({ status: 'skipped', ran: false, seconds: null, cache: 'miss' });
    expect(report.crates.hello.targets.test.lastExecuted).toBeUndefined();
    expect(report.crates.hello.targets.run).toMatchObject({ status: 'success', ran: true, seconds: 1.5, cache: 'off' });
    expect(report.crates.hello.targets.run.sharedBy).toBeUndefined();
  });

  it('merges with the previous report: replaces what ran, keeps the rest, carries the last execution over cache hits', () => {
    const first = buildReport(input(FIRST_RUN, { artifacts: { 'hello:build': { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 4000 }] } } }));
    const second = buildReport(
      input([task('hello:build', 'local-cache', 0, 2), task('greet:build', 'local-cache-kept-existing', 0, 2, { hash: 'another hash' })], {
        run: { id: 'run-2', argv: ['node', 'nx', 'run-many', '-t', 'build', '-p', 'hello', 'greet'], startTime: T0 + 60000, endTime: T0 + 60010, now: T0 + 60020 },
        artifacts: { 'hello:build': { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 4000 }] }, 'greet:build': { profile: 'dev', dir: 'dist/target/dev/greet', files: [] } },
        previous: JSON.parse(JSON.stringify(first)),
      }),
    );
    expect(second.lastRun.tasks).toEqual(['greet:build', 'hello:build']);
    expect(second.crates.hello.targets.build).toMatchObject({ status: 'local-cache', cache: 'hit', ran: false, seconds: 0.002, runId: 'run-2' });
    // Same hash: building it took 3 s when it last ran.
    expect(second.crates.hello.targets.build.lastExecuted).toEqual(first.crates.hello.targets.build.lastExecuted);
    // Another hash: that earlier time says nothing about this one.
    expect(second.crates.greet.targets.build.lastExecuted).toBeUndefined();
    // Untouched by this run.
    expect(second.crates.hello.targets.test).toEqual(first.crates.hello.targets.test);
    expect(second.crates.other).toEqual(first.crates.other);
    expect(second.crates.hello.binaries).toMatchObject({ dev: { bytes: 4000, recordedAt: second.generatedAt } });
    expect(second.totals.lastRun).toEqual({ tasks: 2, status: { 'local-cache': 1, 'local-cache-kept-existing': 1 }, cache: { hit: 2, miss: 0, off: 0 } });
    expect(second.totals.tasks).toBe(6);
  });

  it('drops crates and targets the project graph no longer has, and ignores a report it cannot read', () => {
    const first = buildReport(input([...FIRST_RUN, task('greet:lint', 'success', 8000, 9000)]));
    const crates = { greet: { ...CRATES.greet, targets: ['build', 'test'] }, hello: CRATES.hello };
    const next = buildReport(input([task('hello:run', 'success', 0, 100)], { crates, previous: first }));
    expect(Object.keys(next.crates)).toEqual(['greet', 'hello']);
    expect(Object.keys(next.crates.greet.targets)).toEqual(['build', 'test']);
    expect(Object.keys(next.crates.hello.targets)).toEqual(['build', 'run', 'test']);

    for (const previous of [undefined, null, 'text', { version: 99, crates: first.crates }, { version: 2, crates: 'none' }]) {
      expect(Object.keys(buildReport(input([task('hello:run', 'success', 0, 100)], { previous })).crates)).toEqual(['hello']);
    }
  });

  it('keeps the binaries of the last good build when a build fails, and drops them when a build leaves none', () => {
    const files = [{ name: 'hello', bytes: 10 }];
    const first = buildReport(input([task('hello:build', 'success', 0, 10)], { artifacts: { 'hello:build': { profile: 'dev', dir: 'd', files } } }));
    const failed = buildReport(input([task('hello:build', 'failure', 0, 10)], { previous: first, artifacts: { 'hello:build': { profile: 'dev', dir: 'd', files: [] } } }));
    expect(failed.crates.hello.binaries?.dev.bytes).toBe(10);
    const none = buildReport(input([task('hello:build', 'success', 0, 10)], { previous: failed, artifacts: { 'hello:build': { profile: 'dev', dir: 'd', files: [] } } }));
    expect(none.crates.hello.binaries).toBeUndefined();
  });

  it('keeps binaries per profile: a release build or package beside the dev build', () => {
    const dev = buildReport(input([task('hello:build', 'success', 0, 10)], { artifacts: { 'hello:build': { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 10 }] } } }));
    const packaged = buildReport(
      input([task('hello:package', 'success', 0, 10, { command: undefined, executor: 'package', profile: 'release' })], {
        previous: dev,
        artifacts: { 'hello:package': { profile: 'release', dir: 'dist/packages/hello', files: [{ name: 'hello', bytes: 4 }] } },
      }),
    );
    expect(Object.keys(packaged.crates.hello.binaries!)).toEqual(['dev', 'release']);
    expect(packaged.crates.hello.binaries!.release).toMatchObject({ dir: 'dist/packages/hello', bytes: 4 });
    expect(packaged.totals.binaryBytes).toBe(14);
  });

  it('reads the binaries of a version 1 report as those of their profile', () => {
    const old = { version: 1, crates: { hello: { project: 'hello', root: 'hello', targets: {}, binaries: { profile: 'release', dir: 'd', files: [], bytes: 7, recordedAt: 'x' } } } };
    expect(buildReport(input([task('greet:build', 'success', 0, 1)], { previous: old })).crates.hello.binaries).toEqual({ release: old.crates.hello.binaries });
  });

  it('compares the tasks\' own time with the wall time from the first task\'s start to the last task\'s end', () => {
    const report = buildReport(input(FIRST_RUN, { run: { ...input([]).run, firstTaskStart: T0 - 1000, lastTaskEnd: T0 + 8000 } }));
    expect(report.lastRun).toMatchObject({ wallSeconds: 9, taskSeconds: 24 });
  });
});

describe('commandLine', () => {
  it('shows the nx command as typed', () => {
    expect(commandLine(['/usr/bin/node', '/ws/node_modules/nx/bin/nx.js', 'affected', '-t', 'build', '--base=main'])).toBe('nx affected -t build --base=main');
    expect(commandLine(['/usr/bin/node', '/ws/node_modules/.bin/nx', 'run', 'hello:run', '--', 'a b'])).toBe('nx run hello:run -- "a b"');
  });
});

describe('renderHtml', () => {
  const report = buildReport(
    input(FIRST_RUN, { artifacts: { 'hello:build': { profile: 'dev', dir: 'dist/target/dev/hello', files: [{ name: 'hello', bytes: 3 * 1024 * 1024 }] } } }),
  );
  const html = renderHtml(report);
  const chart = (id: string, page = html) => new RegExp(`<div id="${id}"[^>]*>([\\s\\S]*?)</div>\\n`).exec(page)?.[1] ?? '';
  const bars = (id: string, page = html) => [...chart(id, page).matchAll(/<span class="bar" data-crate="([^"]+)"[^>]*width:([\d.]+)%/g)].map((m) => [m[1], Number(m[2])] as const);

  it('draws one time bar per crate, longest first, each with its name', () => {
    // One batch: every crate took as long as the others; then by name.
    expect(bars('time-chart').map(([crate]) => crate)).toEqual(['greet', 'hello', 'other']);
    const longer = renderHtml(buildReport(input([...FIRST_RUN, task('other:lint', 'success', 8000, 9000)])));
    expect(bars('time-chart', longer).map(([crate]) => crate)).toEqual(['other', 'greet', 'hello']);
    for (const [crate, width] of bars('time-chart')) {
      expect(width).toBeGreaterThan(0);
      expect(chart('time-chart')).toContain(`<span class="label">${crate}</span>`);
    }
    // Split by target: one segment per target with time.
    expect(chart('time-chart').match(/class="segment"/g)).toHaveLength(6);
  });

  it('draws a size bar only for crates with binaries', () => {
    expect(bars('size-chart')).toEqual([['hello', expect.any(Number)]]);
    expect(chart('size-chart')).toContain('3.00 MiB dev');
  });

  it('is one self-contained page: one inline script, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe)\b|\b(src|href)=|@import|url\(/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('nx run-many -t build test');
  });

  it('writes instants in UTC for the script to show in local time, and says how much of the wall time the tasks cover', () => {
    expect(html).toContain(`<time datetime="${new Date(T0 + 9000).toISOString()}">2025-01-02 03:04:14 UTC</time>`);
    expect(html).toContain("Tasks' time 24.0 s of 8.00 s wall time (300%)");
  });

  it('counts in the singular for one', () => {
    const one = renderHtml(buildReport(input([task('hello:build', 'local-cache', 0, 10)])));
    expect(one).toContain('<b>1</b>task this run: 1 cache hit, 0 misses');
    expect(one).toContain('<b>1</b>crate<');
    expect(one).not.toMatch(/\b1 (tasks|crates|cache hits|misses)\b/);
  });

  it('escapes names, and says so when there is nothing to draw', () => {
    const odd = buildReport(input([task('a<b>:build', 'success', 0, 10)], { crates: { 'a<b>': { project: 'a<b>', root: 'x', targets: ['build'] } } }));
    const page = renderHtml(odd);
    expect(page).toContain('data-crate="a&lt;b&gt;"');
    expect(page).not.toContain('a<b>');
    expect(page).toContain('No crate has binaries');
  });

  it('draws the time a cached task took when it last ran, as an outline', () => {
    const cached = buildReport(input([task('hello:build', 'local-cache', 0, 1)], { previous: report, run: { ...input([]).run, id: 'run-2' } }));
    const page = renderHtml(cached);
    expect(page).toMatch(/<div class="row" data-crate="hello"><span class="label">hello<\/span><span class="track"><span class="ghost"/);
    expect(page).toContain('ran in');
  });
});
