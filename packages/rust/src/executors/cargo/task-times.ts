import type { TestUnit } from '../../cargo/test-units';
import type { CrateInfo } from './crate';
import { shareTime, tileShares, type Part, type TaskSpan } from './time-shares';
import { takeTimingReport, timingReportPath, type UnitTiming } from './unit-timings';

/** What the clock needs of the output attribution: when each crate's artifacts and test binaries came. */
export interface DatedOutput {
  compiledAt(crate: CrateInfo): number | undefined;
  sectionsOf(crate: CrateInfo, unit?: TestUnit): { start: number; end: number }[];
}

/**
 * Times the tasks of one cargo group (see time-shares.ts for how time is shared). A group of more
 * than one crate asks cargo for its timing report (`--timings`) on every call that compiles, reads
 * when each unit was compiled from it, and keeps cargo's `Timing report saved to …` line out of the
 * tasks' output, unless the options ask for the report themselves (then both stay as cargo left them).
 */
export class GroupClock {
  private readonly start = Date.now();
  private readonly units: UnitTiming[] = [];
  private report: string | undefined;
  private readonly userAsked: boolean;

  constructor(
    private readonly crates: CrateInfo[],
    args: string[] | undefined,
  ) {
    this.userAsked = (args ?? []).some((a) => a === '--timings' || a.startsWith('--timings='));
  }

  /** Whether to add `--timings` to a cargo call (`compiles`: it builds units; fmt and the test run do not). */
  timings(compiles: boolean): boolean {
    return compiles && new Set(this.crates).size > 1 && !this.userAsked;
  }

  /** True when the line was cargo's note of the report it saved, and is not for the tasks' output. */
  line(text: string): boolean {
    const file = timingReportPath(text);
    if (!file) return false;
    this.report = file;
    return !this.userAsked;
  }

  /** A cargo call ended: its report, if it wrote one, is read. */
  cargoEnded(): void {
    if (this.report) this.units.push(...(takeTimingReport(this.report, this.userAsked) ?? []));
    this.report = undefined;
  }

  /**
   * Each task's start and end, by task id (`taskIds[i]` is the task of `crates[i]`; an atomized
   * test task's, `units[i]`, is timed by its own test binary's run).
   */
  spans(taskIds: string[], output: DatedOutput, units: readonly (TestUnit | undefined)[] = []): Map<string, TaskSpan> {
    const end = Date.now();
    const taskOf = new Map(this.crates.map((c, i) => [`${c.name}@${c.version}`, taskIds[i]] as const));
    const parts: Part[] = this.units.map((u) => ({ start: u.start, end: u.end, task: taskOf.get(`${u.name}@${u.version}`) }));
    this.crates.forEach((crate, i) => {
      for (const s of output.sectionsOf(crate, units[i])) parts.push({ ...s, task: taskIds[i] });
      // Without a report (one crate, or a cargo whose report this cannot read), a task is done
      // waiting once its last artifact arrived.
      const compiled = output.compiledAt(crate);
      if (compiled !== undefined) parts.push({ start: compiled, end: compiled, task: taskIds[i] });
    });
    return tileShares(this.start, taskIds, shareTime(this.start, end, taskIds, parts));
  }
}
