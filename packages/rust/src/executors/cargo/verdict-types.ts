import type { OutputAttribution } from './attribution';
import type { CrateInfo } from './crate';
import type { GroupContext } from './group-context';
import type { TaskGroup } from './grouping';

/** What a crate's task comes to. `notRun`: cargo never got to it because of another crate. */
export interface Verdict {
  success: boolean;
  reason?: string;
  /** Lines after the reason: what the crates that stopped it said. */
  detail?: string[];
  notRun?: boolean;
}

/** What the verdicts of a group are drawn from (`crates[i]` is the crate of `group.taskIds[i]`). */
export interface GroupFacts {
  group: TaskGroup;
  crates: CrateInfo[];
  /** What cargo said, credited to each crate. */
  attribution: OutputAttribution;
  ctx: GroupContext;
}
