import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrateInfo } from './crate';
import { GroupClock } from './task-times';

const REPORT = readFileSync(join(__dirname, '__fixtures__', 'cargo-timing.html'), 'utf8');
const crate = (name: string): CrateInfo => ({ project: name, name, version: '0.1.0', workspaceRoot: '/WS', manifestPath: `/WS/${name}/Cargo.toml`, featureFree: true });
const [greet, hello, other] = ['greet', 'hello', 'other'].map(crate);
const noOutput = { compiledAt: () => undefined, sectionsOf: () => [] };

describe('GroupClock', () => {
  it('asks cargo for its timing report only for calls that compile more than one crate', () => {
    expect(new GroupClock([greet, hello], undefined).timings(true)).toBe(true);
    expect(new GroupClock([greet, hello], undefined).timings(false)).toBe(false);
    expect(new GroupClock([greet], undefined).timings(true)).toBe(false);
    // The options ask for it themselves: cargo gets theirs.
    expect(new GroupClock([greet, hello], ['--timings=html']).timings(true)).toBe(false);
  });

  it("reads the report cargo saved, keeps cargo's note out of the output and leaves no copy; the shares add up to the group's time", () => {
    const dir = mkdtempSync(join(tmpdir(), 'task-times-'));
    const file = join(dir, 'cargo-timing-20261201T151026757Z-7c38.html');
    writeFileSync(file, REPORT);
    // The group starts a little before cargo's build start and ends a second after it.
    const start = Date.parse('2026-12-01T15:10:26.700Z');
    jest.useFakeTimers({ now: start });
    try {
      const clock = new GroupClock([greet, hello, other], undefined);
      expect(clock.line(`      Timing report saved to ${file}`)).toBe(true);
      expect(clock.line('   Compiling greet v0.1.0 (/WS/greet)')).toBe(false);
      clock.cargoEnded();
      expect(existsSync(file)).toBe(false);
      jest.setSystemTime(start + 1000);
      const spans = clock.spans(['greet:test', 'hello:test', 'other:test'], noOutput);
      const all = [...spans.values()].sort((a, b) => a.startTime - b.startTime);
      expect(all[0].startTime).toBe(start);
      expect(all.at(-1)!.endTime).toBe(start + 1000);
      for (const [i, s] of all.entries()) if (i > 0) expect(s.startTime).toBe(all[i - 1].endTime);
      const ms = (id: string) => spans.get(id)!.endTime - spans.get(id)!.startTime;
      // greet's lib and lib test compiled longest (0.13 s + 0.56 s of cargo's 0.82 s), hello's one bin test least.
      expect(ms('greet:test')).toBeGreaterThan(ms('other:test'));
      expect(ms('other:test')).toBeGreaterThan(ms('hello:test'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the report and its note when the options asked for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'task-times-'));
    const file = join(dir, 'cargo-timing-20261201T151026757Z-7c38.html');
    writeFileSync(file, REPORT);
    const clock = new GroupClock([greet, hello], ['--timings']);
    expect(clock.line(`      Timing report saved to ${file}`)).toBe(false);
    clock.cargoEnded();
    expect(existsSync(file)).toBe(true);
  });
});
