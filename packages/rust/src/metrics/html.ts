/**
 * The metrics report as one self-contained HTML page: inline CSS, nothing fetched. Two bar charts
 * (time per crate, split by target; binary size per crate and profile) drawn as a CSS grid that
 * takes the window's width, its label column as wide as the longest crate name, and a table of
 * every task. Times are written in UTC; a small inline script shows them in the viewer's time zone.
 */
import type { CrateMetrics, MetricsReport, TargetMetrics } from './report';

const PALETTE: Record<string, string> = {
  build: '#4e79a7',
  test: '#f28e2b',
  lint: '#59a14f',
  check: '#76b7b2',
  fmt: '#edc948',
  doc: '#b07aa1',
  bench: '#ff9da7',
  run: '#9c755f',
};
const MORE_COLOURS = ['#e15759', '#bab0ac', '#86bcb6', '#d37295', '#a0cbe8', '#8cd17d'];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2)} ${units[i]}`;
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds >= 100 ? `${seconds.toFixed(0)} s` : seconds >= 10 ? `${seconds.toFixed(1)} s` : `${seconds.toFixed(2)} s`;
}

function colours(report: MetricsReport): Map<string, string> {
  const names = new Set<string>();
  for (const crate of Object.values(report.crates)) for (const t of Object.keys(crate.targets)) names.add(t);
  const out = new Map<string, string>();
  let extra = 0;
  for (const name of [...names].sort()) out.set(name, PALETTE[name] ?? MORE_COLOURS[extra++ % MORE_COLOURS.length]);
  return out;
}

/** Bar length in percent of the bar column for `value` of `max`; a crate with a value gets at least a sliver, so it is seen. */
function barPercent(value: number, max: number): number {
  if (max <= 0) return 0.5;
  return Math.max(0.5, Math.round((value / max) * 1000) / 10);
}

/** One chart row: the crate's name, its bar, and its value, as cells of the chart's grid. */
function row(crate: string, bar: string, text: string): string {
  return `<div class="row" data-crate="${escapeHtml(crate)}"><span class="label">${escapeHtml(crate)}</span><span class="track">${bar}</span><span class="value">${escapeHtml(text)}</span></div>`;
}

/** What a target costs when it runs: its own time, or for a cache hit the time it took when it last ran. */
function cost(t: TargetMetrics): number {
  if (t.cache === 'hit' && t.lastExecuted?.seconds != null) return t.lastExecuted.seconds;
  return t.seconds ?? 0;
}

function timeChart(report: MetricsReport, palette: Map<string, string>): string {
  const crates = Object.values(report.crates).sort((a, b) => b.seconds - a.seconds || a.project.localeCompare(b.project));
  if (!crates.length) return '<p class="empty">No crate task recorded yet.</p>';
  const costs = new Map(crates.map((c) => [c, Object.values(c.targets).reduce((n, t) => n + cost(t), 0)]));
  // At least a second across: a run replayed from the cache does not draw full-length bars.
  const max = Math.max(1, ...crates.map((c) => Math.max(c.seconds, costs.get(c)!)));
  const rows = crates.map((crate) => {
    const width = barPercent(crate.seconds, max);
    const full = costs.get(crate)!;
    const ghost =
      full > crate.seconds
        ? `<span class="ghost" style="width:${barPercent(full, max)}%" title="${escapeHtml(`${crate.project}: ${formatSeconds(full)} when its cached tasks last ran`)}"></span>`
        : '';
    const segments: string[] = [];
    for (const [name, t] of Object.entries(crate.targets)) {
      if (!t.seconds) continue;
      const share = crate.seconds > 0 ? (t.seconds / crate.seconds) * 100 : 0;
      const classes = ['segment', ...(t.runId !== report.lastRun.id ? ['earlier'] : []), ...(t.cache === 'hit' ? ['cached'] : [])].join(' ');
      segments.push(
        `<span class="${classes}" data-target="${escapeHtml(name)}" style="width:${share.toFixed(2)}%;background:${palette.get(name)}" title="${escapeHtml(`${crate.project}:${name} ${formatSeconds(t.seconds)} (${t.status}${t.cache === 'hit' ? ', cache hit' : ''})`)}"></span>`,
      );
    }
    const text = full > crate.seconds ? `${formatSeconds(crate.seconds)} · ran in ${formatSeconds(full)}` : formatSeconds(crate.seconds);
    const bar = `${ghost}<span class="bar" data-crate="${escapeHtml(crate.project)}" data-seconds="${crate.seconds}" style="width:${width}%" title="${escapeHtml(`${crate.project}: ${formatSeconds(crate.seconds)}`)}">${segments.join('')}</span>`;
    return row(crate.project, bar, text);
  });
  const legend = [...palette]
    .map(([name, colour]) => `<span class="key"><span class="swatch" style="background:${colour}"></span>${escapeHtml(name)}</span>`)
    .join(' ');
  return `<div id="time-chart" class="chart" role="img" aria-label="Seconds per crate">${rows.join('')}</div>\n<p class="legend">${legend} <span class="key"><span class="swatch ghost-key"></span>time when its cached tasks last ran</span></p>`;
}

function sizeChart(report: MetricsReport): string {
  const sets = Object.values(report.crates)
    .flatMap((c) => Object.values(c.binaries ?? {}).map((b) => ({ crate: c.project, b })))
    .filter(({ b }) => b.bytes > 0)
    .sort((x, y) => y.b.bytes - x.b.bytes || x.crate.localeCompare(y.crate) || x.b.profile.localeCompare(y.b.profile));
  if (!sets.length) return '<p class="empty">No crate has binaries in dist/target or dist/packages yet (libraries have none; run a build or package target).</p>';
  const max = Math.max(...sets.map(({ b }) => b.bytes));
  const rows = sets.map(({ crate, b }) => {
    const files = b.files.map((f) => `${f.name} ${formatBytes(f.bytes)}`).join(', ');
    const bar = `<span class="bar" data-crate="${escapeHtml(crate)}" data-profile="${escapeHtml(b.profile)}" data-bytes="${b.bytes}" style="width:${barPercent(b.bytes, max)}%" title="${escapeHtml(`${crate} (${b.profile}, ${b.dir}): ${files}`)}"></span>`;
    return row(crate, bar, `${formatBytes(b.bytes)} ${b.profile}`);
  });
  return `<div id="size-chart" class="chart" role="img" aria-label="Binary size per crate and profile">${rows.join('')}</div>`;
}

/** `1 task`, `2 tasks`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** An instant, written in UTC (`2026-12-01 15:12:45 UTC`) for the page's script to show in the viewer's time zone. */
function time(isoString: string): string {
  const ms = Date.parse(isoString);
  if (Number.isNaN(ms)) return escapeHtml(isoString);
  const utc = new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `<time datetime="${escapeHtml(new Date(ms).toISOString())}">${utc}</time>`;
}

/** Shows every <time> in the viewer's time zone; without it, the page reads in UTC. */
const LOCAL_TIMES = `for(const t of document.querySelectorAll('time[datetime]')){const d=new Date(t.dateTime);if(isNaN(d))continue;t.title=t.textContent;t.textContent=d.toLocaleString(undefined,{year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit',second:'2-digit',hourCycle:'h23',timeZoneName:'short'})}`;

function cacheText(t: TargetMetrics): string {
  if (t.cache === 'hit') return `hit (${t.cacheSource ?? 'local'})`;
  return t.cache;
}

function table(report: MetricsReport): string {
  const rows: string[] = [];
  for (const crate of Object.values(report.crates)) {
    for (const [name, t] of Object.entries(crate.targets)) {
      const earlier = t.runId !== report.lastRun.id;
      const last = t.cache === 'hit' && t.lastExecuted ? `${formatSeconds(t.lastExecuted.seconds)} (${time(t.lastExecuted.at)})` : '';
      rows.push(
        `<tr class="${earlier ? 'earlier' : 'current'}" data-task="${escapeHtml(t.taskId)}"><td>${escapeHtml(crate.project)}</td><td>${escapeHtml(name)}</td><td class="status ${escapeHtml(t.status)}">${escapeHtml(t.status)}</td><td>${escapeHtml(cacheText(t))}</td><td class="num">${formatSeconds(t.seconds)}${t.sharedBy ? ` <span class="shared" title="one cargo run for ${plural(t.sharedBy, 'task')}">÷${t.sharedBy}</span>` : ''}</td><td class="num">${last}</td><td>${escapeHtml(t.profile ?? '')}</td><td class="when">${t.startedAt ? time(t.startedAt) : ''}</td><td class="when">${earlier ? time(t.recordedAt) : 'this run'}</td></tr>`,
      );
    }
  }
  // A narrow window scrolls the table, not the page.
  return `<div class="table"><table><thead><tr><th>crate</th><th>target</th><th>status</th><th>cache</th><th>seconds</th><th>last ran (same hash)</th><th>profile</th><th>started</th><th>recorded</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
.meta{color:#555;margin:0 0 12px}
.totals{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}
.totals div{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:8px 12px}
.totals b{display:block;font-size:18px}
.chart{display:grid;grid-template-columns:max-content minmax(160px,1fr) max-content;gap:6px 10px;align-items:center}
.chart .row{display:contents}
.chart .label{font-size:13px;white-space:nowrap;text-align:right}
.chart .track{position:relative;height:18px}
.chart .bar{position:absolute;left:0;top:0;height:100%;display:flex;background:#d9dde3;min-width:2px}
#size-chart .bar{background:#4e79a7}
.chart .segment{height:100%}
.chart .segment.earlier{opacity:.45}
.chart .ghost{position:absolute;left:0;top:0;height:100%;box-sizing:border-box;border:1px dashed #8a8f98}
.ghost-key{border:1px dashed #8a8f98;width:9px;height:9px}
.chart .value{font-size:12px;color:#555;white-space:nowrap}
.legend{margin:6px 0 0;color:#444}
.key{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e5e5;padding:4px 8px;text-align:left}
td,time{white-space:nowrap}
td.num{text-align:right;white-space:nowrap}
tr.earlier td{color:#777}
.status.failure,.status.stopped{color:#b00020;font-weight:600}
.status.skipped{color:#8a6d00}
.shared{color:#888;font-size:11px}
.note{color:#555;font-size:13px}
.empty{color:#777}
`;

/** How much of the run's wall time its tasks' own times cover: the check that no time is lost or counted twice. */
function wallText(report: MetricsReport): string {
  const { wallSeconds, taskSeconds } = report.lastRun;
  if (!wallSeconds) return '';
  const percent = Math.round((taskSeconds / wallSeconds) * 100);
  return `<p class="meta" id="wall">Tasks' time ${formatSeconds(taskSeconds)} of ${formatSeconds(wallSeconds)} wall time (${percent}%), from the first task's start to the last task's end.</p>`;
}

export function renderHtml(report: MetricsReport): string {
  const palette = colours(report);
  const t = report.totals;
  const seconds = Object.entries(t.seconds)
    .map(([name, s]) => `${escapeHtml(name)} ${formatSeconds(s)}`)
    .join(' · ');
  const last = t.lastRun;
  const shared = Object.values(report.crates).some((c) => Object.values(c.targets).some((x) => x.sharedBy));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build metrics · ${escapeHtml(report.lastRun.command)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Build metrics</h1>
<p class="meta">Last run: <code>${escapeHtml(report.lastRun.command)}</code>, ended ${time(report.lastRun.endedAt)}, ${formatSeconds(report.lastRun.seconds)} · report written ${time(report.generatedAt)}</p>
${wallText(report)}
<div class="totals">
<div><b>${t.crates}</b>${t.crates === 1 ? 'crate' : 'crates'}</div>
<div><b>${last.tasks}</b>${last.tasks === 1 ? 'task' : 'tasks'} this run: ${plural(last.cache.hit, 'cache hit')}, ${last.cache.miss} ${last.cache.miss === 1 ? 'miss' : 'misses'}${last.cache.off ? `, ${last.cache.off} not cacheable` : ''}</div>
<div><b>${seconds || '–'}</b>seconds per target (all crates)</div>
<div><b>${formatBytes(t.binaryBytes)}</b>binaries (every profile)</div>
</div>
<h2>Time per crate</h2>
${timeChart(report, palette)}
<p class="note">Each bar adds up the time of the crate's last recorded task of every target (the scale is at least one second); faded parts come from earlier runs, dashed outlines show what cache hits took when they last ran.${shared ? ' Tasks marked ÷n in the table ran in one cargo process for n crates (a batch): each of them shows the time of that whole process.' : ''} In a batch, each task shows its own share of the cargo run: the time of the units cargo compiled for its crate (a test task: its test build) and of its test binaries, with each moment split among what ran then; a dependency no task owns is shared by the tasks waiting for it.</p>
<h2>Binary size per crate</h2>
${sizeChart(report)}
<h2>Tasks</h2>
${table(report)}
<script>${LOCAL_TIMES}</script>
</body>
</html>
`;
}
