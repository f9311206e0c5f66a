import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { withoutColours } from './colours';

/**
 * When cargo compiled each unit (a crate's lib, bin, test target, build script, …), from the report
 * `cargo --timings` writes. Stable cargo has no machine-readable form of it (`--timings=json` needs
 * `-Z unstable-options`, and the JSON message stream only says when an artifact is done, not when
 * its compilation started), so this reads the data the HTML page draws its chart from: the
 * `Build start` row (an RFC 3339 instant) and `const UNIT_DATA = [...]` (each unit's package name,
 * version, target and its start and duration in seconds after the build start).
 */
export interface UnitTiming {
  /** Package name and version. */
  name: string;
  version: string;
  /** cargo's description of the target: `` (lib), ` hello "bin"`, ` greet "lib" (test)`, … */
  target: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
}

const SAVED = /^\s*Timing report saved to (.+?)\s*$/;

/** The file of a `Timing report saved to <file>` line cargo prints (stderr) once the report is written. */
export function timingReportPath(line: string): string | undefined {
  return SAVED.exec(withoutColours(line))?.[1];
}

/** The units of a cargo timing report; undefined when the page is not one this version can read. */
export function parseTimingReport(html: string): UnitTiming[] | undefined {
  const start = /<td>Build start:<\/td>\s*<td>([^<]+)<\/td>/.exec(html)?.[1];
  const data = /const UNIT_DATA = (\[[\s\S]*?\n\]);/.exec(html)?.[1];
  if (!start || !data) return undefined;
  const origin = parseInstant(start);
  if (origin === undefined) return undefined;
  let units: unknown;
  try {
    units = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!Array.isArray(units)) return undefined;
  const out: UnitTiming[] = [];
  for (const u of units as Record<string, unknown>[]) {
    if (typeof u?.name !== 'string' || typeof u.start !== 'number' || typeof u.duration !== 'number') return undefined;
    out.push({
      name: u.name,
      version: typeof u.version === 'string' ? u.version : '',
      target: typeof u.target === 'string' ? u.target : '',
      start: origin + u.start * 1000,
      end: origin + (u.start + u.duration) * 1000,
    });
  }
  return out;
}

/** `2026-12-01T15:05:34.256302162Z`: Date.parse takes milliseconds, not nanoseconds. */
function parseInstant(text: string): number | undefined {
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The units of the report cargo said it saved. Unless `keep`, the timestamped copy is removed: the
 * executor asked for the report only to time its tasks, and each cargo call would leave one more
 * file in the target folder (cargo's `cargo-timing.html` beside it, the last report, stays).
 * Undefined when the report cannot be read.
 */
export function takeTimingReport(file: string, keep: boolean): UnitTiming[] | undefined {
  try {
    return parseTimingReport(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  } finally {
    if (!keep && /^cargo-timing-.+\.html$/.test(basename(file))) rmSync(file, { force: true });
  }
}
