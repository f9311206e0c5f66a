import { shareTime, tileShares, type Part } from './time-shares';

const total = (m: Map<string, { ms: number }>) => [...m.values()].reduce((n, s) => n + s.ms, 0);
const ms = (m: Map<string, { ms: number }>) => Object.fromEntries([...m].map(([k, v]) => [k, Math.round(v.ms)]));

describe('shareTime', () => {
  it('splits each instant equally among the parts running then, and the shares add up to the wall time', () => {
    // a compiles 0–400, b 200–1000: 0–200 a alone, 200–400 both, 400–1000 b alone.
    const parts: Part[] = [
      { start: 0, end: 400, task: 'a' },
      { start: 200, end: 1000, task: 'b' },
    ];
    const shares = shareTime(0, 1000, ['a', 'b'], parts);
    expect(ms(shares)).toEqual({ a: 300, b: 700 });
    expect(total(shares)).toBe(1000);
  });

  it('gives time no task owns (cargo starting, a dependency) to the tasks still waiting, then to all', () => {
    const parts: Part[] = [
      // a dependency of both, 100–300; then a 300–400, b 300–900; cargo ends at 1000.
      { start: 100, end: 300 },
      { start: 300, end: 400, task: 'a' },
      { start: 300, end: 900, task: 'b' },
    ];
    const shares = shareTime(0, 1000, ['a', 'b'], parts);
    // 0–300 split (both waiting), 300–400 split (both running), 400–900 b, 900–1000 after both: split.
    expect(ms(shares)).toEqual({ a: 250, b: 750 });
    expect(total(shares)).toBe(1000);
    expect(shares.get('a')!.last).toBe(1000);
  });

  it('stops giving a task shared time once its last part (or artifact) came', () => {
    const parts: Part[] = [
      { start: 0, end: 0, task: 'a' },
      { start: 600, end: 600, task: 'b' },
    ];
    // Nothing datable but when each was done: a at 0 gets nothing; b waits until 600, then both share the rest.
    expect(ms(shareTime(0, 1000, ['a', 'b'], parts))).toEqual({ a: 200, b: 800 });
  });

  it('clips parts to the span and ignores parts of tasks it was not given', () => {
    const shares = shareTime(1000, 2000, ['a'], [
      { start: 500, end: 1500, task: 'a' },
      { start: 1200, end: 1800, task: 'elsewhere' },
    ]);
    expect(ms(shares)).toEqual({ a: 1000 });
  });
});

describe('tileShares', () => {
  it('lays the shares end to end from the group start, in the order the tasks were done, in whole milliseconds', () => {
    const shares = new Map([
      ['late', { ms: 333.4, last: 900 }],
      ['early', { ms: 333.3, last: 400 }],
      ['middle', { ms: 333.3, last: 700 }],
    ]);
    const spans = tileShares(5000, ['late', 'early', 'middle'], shares);
    expect(Object.fromEntries(spans)).toEqual({
      early: { startTime: 5000, endTime: 5333 },
      middle: { startTime: 5333, endTime: 5667 },
      late: { startTime: 5667, endTime: 6000 },
    });
  });
});
