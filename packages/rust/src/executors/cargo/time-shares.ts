/**
 * Each task's own share of a cargo group's wall time. A group's tasks run in one cargo process
 * (two for tests: the compile, then the test run), so no task has a start and an end of its own;
 * what each did is known as parts: the units cargo compiled for its crate (from cargo's timing
 * report), the time its test binaries printed. Every instant of the group is split equally among
 * the parts running then; a part no task owns (a dependency compiled for the group, cargo's own
 * work between units, resolving, writing the report) goes to the tasks still waiting at that
 * instant (those whose last part has not ended yet), or to all of them once every task is done.
 * The shares thus add up to the group's wall time exactly.
 */
export interface Part {
  start: number;
  end: number;
  /** The task it is for; undefined: no task's own (a dependency, …), shared by the tasks still waiting. */
  task?: string;
}

export interface TaskSpan {
  startTime: number;
  endTime: number;
}

/** Milliseconds of [start, end] each task gets, and the last instant it got any. */
export function shareTime(start: number, end: number, tasks: string[], parts: Part[]): Map<string, { ms: number; last: number }> {
  const shares = new Map(tasks.map((t): [string, { ms: number; last: number }] => [t, { ms: 0, last: start }]));
  const clip = (t: number) => Math.min(end, Math.max(start, t));
  const clipped = parts.filter((p) => p.task === undefined || shares.has(p.task)).map((p) => ({ ...p, start: clip(p.start), end: clip(p.end) }));
  // A task waits until its own last part ends (an instant, such as an artifact's arrival, counts).
  const doneAt = new Map(tasks.map((t) => [t, start] as const));
  for (const p of clipped) if (p.task !== undefined) doneAt.set(p.task, Math.max(doneAt.get(p.task)!, p.end));
  const inside = clipped.filter((p) => p.end > p.start);

  const bounds = [...new Set([start, end, ...clipped.flatMap((p) => [p.start, p.end])])].sort((a, b) => a - b);
  const give = (task: string, ms: number, at: number) => {
    const share = shares.get(task)!;
    share.ms += ms;
    share.last = Math.max(share.last, at);
  };
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    const waiting = tasks.filter((t) => doneAt.get(t)! > a);
    const unowned = waiting.length ? waiting : tasks;
    const active = inside.filter((p) => p.start <= a && p.end >= b);
    const owners = active.length ? active.map((p) => (p.task !== undefined ? [p.task] : unowned)) : [unowned];
    for (const group of owners) for (const task of group) give(task, (b - a) / owners.length / group.length, b);
  }
  return shares;
}

/**
 * Start and end times for Nx: each task's share laid end to end over [start, end], in the order the
 * tasks got their last time. Each task's duration is its share, none ends later than its last part
 * really did, and together they cover the group's wall time, as Nx shows batch siblings that ran
 * one after another. Whole milliseconds, rounded so that nothing is lost.
 */
export function tileShares(start: number, tasks: string[], shares: Map<string, { ms: number; last: number }>): Map<string, TaskSpan> {
  const order = [...tasks].sort((x, y) => shares.get(x)!.last - shares.get(y)!.last || tasks.indexOf(x) - tasks.indexOf(y));
  const out = new Map<string, TaskSpan>();
  let sum = 0;
  let cursor = Math.round(start);
  for (const task of order) {
    sum += shares.get(task)!.ms;
    const endTime = Math.round(start + sum);
    out.set(task, { startTime: cursor, endTime });
    cursor = endTime;
  }
  return out;
}
