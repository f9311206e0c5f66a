import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTimingReport, takeTimingReport, timingReportPath } from './unit-timings';

// The report cargo 1.95 wrote for `cargo test --no-run --timings -p greet -p hello -p other` (its chart code left out).
const REPORT = readFileSync(join(__dirname, '__fixtures__', 'cargo-timing.html'), 'utf8');
const BUILD_START = Date.parse('2026-12-01T15:10:26.757Z');

describe('cargo timing reports', () => {
  it('reads every unit with its start and end as epoch milliseconds', () => {
    const units = parseTimingReport(REPORT)!;
    expect(units.map((u) => `${u.name}@${u.version}${u.target}`)).toEqual([
      'greet@0.1.0 greet "lib" (doc test)',
      'other@0.1.0 other "lib" (doc test)',
      'greet@0.1.0',
      'other@0.1.0',
      'hello@0.1.0 hello "bin" (test)',
      'greet@0.1.0 greet "lib" (test)',
      'other@0.1.0 other "lib" (test)',
    ]);
    const greetTest = units[5];
    expect(greetTest.start).toBeCloseTo(BUILD_START + 260, 0);
    expect(greetTest.end).toBeCloseTo(BUILD_START + 820, 0);
  });

  it('reads nothing from a page that is not a report it knows', () => {
    expect(parseTimingReport('<html>no data</html>')).toBeUndefined();
    expect(parseTimingReport(REPORT.replace('const UNIT_DATA = [', 'const UNITS = ['))).toBeUndefined();
    expect(parseTimingReport(REPORT.replace(/"start": 0\.26/, '"start": "late"'))).toBeUndefined();
  });

  it('finds the file in cargo\'s note, coloured or not', () => {
    expect(timingReportPath('      Timing report saved to /ws/target/cargo-timings/cargo-timing-20261201T151026757Z-7c38.html')).toBe(
      '/ws/target/cargo-timings/cargo-timing-20261201T151026757Z-7c38.html',
    );
    expect(timingReportPath('\u001b[1m\u001b[92m      Timing report saved to\u001b[0m /ws/t/cargo-timing-1.html')).toBe('/ws/t/cargo-timing-1.html');
    expect(timingReportPath('   Compiling greet v0.1.0 (/ws/greet)')).toBeUndefined();
  });

  it('removes the timestamped copy it read unless asked to keep it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unit-timings-'));
    const file = join(dir, 'cargo-timing-20261201T151026757Z-7c38.html');
    writeFileSync(file, REPORT);
    expect(takeTimingReport(file, true)).toHaveLength(7);
    expect(existsSync(file)).toBe(true);
    expect(takeTimingReport(file, false)).toHaveLength(7);
    expect(existsSync(file)).toBe(false);
    expect(takeTimingReport(file, false)).toBeUndefined();
  });
});
