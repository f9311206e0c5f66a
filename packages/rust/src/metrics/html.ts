/**
 * The metrics report as one self-contained HTML page: inline CSS and SVG, no script, nothing
 * fetched. Two bar charts (time per crate, split by target; binary size per crate with binaries)
 * and a table of every task.
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

const LABEL_WIDTH = 200;
const BAR_AREA = 460;
const VALUE_WIDTH = 190;
const ROW = 26;
const BAR_HEIGHT = 18;
const WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;

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

/** Bar length for `value` of `max`; a crate with a value gets at least a sliver, so it is seen. */
function barWidth(value: number, max: number): number {
  if (max <= 0) return 2;
  return Math.max(2, Math.round((value / max) * BAR_AREA * 10) / 10);
}

function label(y: number, text: string): string {
  return `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="central">${escapeHtml(text)}</text>`;
}

function value(x: number, y: number, text: string): string {
  return `<text class="value" x="${x + 6}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="central">${escapeHtml(text)}</text>`;
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
  const rows = crates.map((crate, i) => {
    const y = 4 + i * ROW;
    const width = barWidth(crate.seconds, max);
    const full = costs.get(crate)!;
    const ghost =
      full > crate.seconds
        ? `<rect class="ghost" x="${LABEL_WIDTH}" y="${y}" width="${barWidth(full, max)}" height="${BAR_HEIGHT}"><title>${escapeHtml(`${crate.project}: ${formatSeconds(full)} when its cached tasks last ran`)}</title></rect>`
        : '';
    const segments: string[] = [];
    let x = LABEL_WIDTH;
    for (const [name, t] of Object.entries(crate.targets)) {
      if (!t.seconds) continue;
      const w = crate.seconds > 0 ? (t.seconds / crate.seconds) * width : 0;
      const classes = ['segment', ...(t.runId !== report.lastRun.id ? ['earlier'] : []), ...(t.cache === 'hit' ? ['cached'] : [])].join(' ');
      segments.push(
        `<rect class="${classes}" data-target="${escapeHtml(name)}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${palette.get(name)}"><title>${escapeHtml(`${crate.project}:${name} ${formatSeconds(t.seconds)} (${t.status}${t.cache === 'hit' ? ', cache hit' : ''})`)}</title></rect>`,
      );
      x += w;
    }
    const text = full > crate.seconds ? `${formatSeconds(crate.seconds)} · ran in ${formatSeconds(full)}` : formatSeconds(crate.seconds);
    return [
      `<g class="row" data-crate="${escapeHtml(crate.project)}">`,
      label(y, crate.project),
      ghost,
      `<rect class="bar" data-crate="${escapeHtml(crate.project)}" data-seconds="${crate.seconds}" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}"><title>${escapeHtml(`${crate.project}: ${formatSeconds(crate.seconds)}`)}</title></rect>`,
      ...segments,
      value(LABEL_WIDTH + Math.max(width, full > crate.seconds ? barWidth(full, max) : 0), y, text),
      '</g>',
    ].join('');
  });
  const height = 8 + crates.length * ROW;
  const legend = [...palette]
    .map(([name, colour]) => `<span class="key"><span class="swatch" style="background:${colour}"></span>${escapeHtml(name)}</span>`)
    .join(' ');
  return `<svg id="time-chart" class="chart" role="img" aria-label="Seconds per crate" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>\n<p class="legend">${legend} <span class="key"><span class="swatch ghost-key"></span>time when its cached tasks last ran</span></p>`;
}

function sizeChart(report: MetricsReport): string {
  const crates = Object.values(report.crates)
    .filter((c): c is CrateMetrics & { binaries: NonNullable<CrateMetrics['binaries']> } => !!c.binaries && c.binaries.bytes > 0)
    .sort((a, b) => b.binaries.bytes - a.binaries.bytes || a.project.localeCompare(b.project));
  if (!crates.length) return '<p class="empty">No crate has binaries in dist/target yet (libraries have none; run a build target).</p>';
  const max = Math.max(...crates.map((c) => c.binaries.bytes));
  const rows = crates.map((crate, i) => {
    const y = 4 + i * ROW;
    const width = barWidth(crate.binaries.bytes, max);
    const files = crate.binaries.files.map((f) => `${f.name} ${formatBytes(f.bytes)}`).join(', ');
    return [
      `<g class="row" data-crate="${escapeHtml(crate.project)}">`,
      label(y, crate.project),
      `<rect class="bar" data-crate="${escapeHtml(crate.project)}" data-bytes="${crate.binaries.bytes}" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}"><title>${escapeHtml(`${crate.project} (${crate.binaries.profile}): ${files}`)}</title></rect>`,
      value(LABEL_WIDTH + width, y, formatBytes(crate.binaries.bytes)),
      '</g>',
    ].join('');
  });
  const height = 8 + crates.length * ROW;
  return `<svg id="size-chart" class="chart" role="img" aria-label="Binary size per crate" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

function cacheText(t: TargetMetrics): string {
  if (t.cache === 'hit') return `hit (${t.cacheSource ?? 'local'})`;
  return t.cache;
}

function table(report: MetricsReport): string {
  const rows: string[] = [];
  for (const crate of Object.values(report.crates)) {
    for (const [name, t] of Object.entries(crate.targets)) {
      const earlier = t.runId !== report.lastRun.id;
      const last = t.cache === 'hit' && t.lastExecuted ? `${formatSeconds(t.lastExecuted.seconds)} (${t.lastExecuted.at})` : '';
      rows.push(
        `<tr class="${earlier ? 'earlier' : 'current'}" data-task="${escapeHtml(t.taskId)}"><td>${escapeHtml(crate.project)}</td><td>${escapeHtml(name)}</td><td class="status ${escapeHtml(t.status)}">${escapeHtml(t.status)}</td><td>${escapeHtml(cacheText(t))}</td><td class="num">${formatSeconds(t.seconds)}${t.sharedBy ? ` <span class="shared" title="one cargo run for ${t.sharedBy} tasks">÷${t.sharedBy}</span>` : ''}</td><td class="num">${escapeHtml(last)}</td><td>${escapeHtml(t.profile ?? '')}</td><td>${escapeHtml(earlier ? t.recordedAt : 'this run')}</td></tr>`,
      );
    }
  }
  return `<table><thead><tr><th>crate</th><th>target</th><th>status</th><th>cache</th><th>seconds</th><th>last ran (same hash)</th><th>profile</th><th>recorded</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:${WIDTH + 40}px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
.meta{color:#555;margin:0 0 12px}
.totals{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}
.totals div{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:8px 12px}
.totals b{display:block;font-size:18px}
.chart{display:block;max-width:100%;height:auto}
.chart .bar{fill:#d9dde3}
#size-chart .bar{fill:#4e79a7}
.chart .segment.earlier{opacity:.45}
.chart .ghost{fill:none;stroke:#8a8f98;stroke-dasharray:4 3}
.ghost-key{border:1px dashed #8a8f98;width:9px;height:9px}
.chart .label{font-size:13px;fill:#222}
.chart .value{font-size:12px;fill:#555}
.legend{margin:6px 0 0 ${LABEL_WIDTH}px;color:#444}
.key{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e5e5;padding:4px 8px;text-align:left}
td.num{text-align:right;white-space:nowrap}
tr.earlier td{color:#777}
.status.failure,.status.stopped{color:#b00020;font-weight:600}
.status.skipped{color:#8a6d00}
.shared{color:#888;font-size:11px}
.note{color:#555;font-size:13px}
.empty{color:#777}
`;

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
<p class="meta">Last run: <code>${escapeHtml(report.lastRun.command)}</code>, ${escapeHtml(report.lastRun.endedAt)}, ${formatSeconds(report.lastRun.seconds)} · report written ${escapeHtml(report.generatedAt)}</p>
<div class="totals">
<div><b>${t.crates}</b>crates</div>
<div><b>${last.tasks}</b>tasks this run: ${last.cache.hit} cache hits, ${last.cache.miss} misses${last.cache.off ? `, ${last.cache.off} not cacheable` : ''}</div>
<div><b>${seconds || '–'}</b>seconds per target (all crates)</div>
<div><b>${formatBytes(t.binaryBytes)}</b>binaries</div>
</div>
<h2>Time per crate</h2>
${timeChart(report, palette)}
<p class="note">Each bar adds up the time of the crate's last recorded task of every target (the scale is at least one second); faded parts come from earlier runs, dashed outlines show what cache hits took when they last ran.${shared ? ' Tasks marked ÷n in the table ran in one cargo process for n crates (a batch): each of them shows the time of that whole process.' : ''}</p>
<h2>Binary size per crate</h2>
${sizeChart(report)}
<h2>Tasks</h2>
${table(report)}
</body>
</html>
`;
}
