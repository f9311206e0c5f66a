import { stopOf } from '../stop';
import { cargoArgs, type MessageFormat } from './args';
import { OutputAttribution } from './attribution';
import { runCargo } from './cargo-process';
import { packageSpec, type CrateInfo } from './crate';
import type { TaskGroup } from './grouping';
import { LiveOutput, liveMode } from './live-output';
import type { CargoExecutorOptions } from './options';
import { GroupClock } from './task-times';
import { isVerbose, verboseCommand, verboseReport } from './verbose';

/** What every cargo call of a group shares: the options, and what reads cargo's output. */
export interface GroupCalls {
  options: CargoExecutorOptions;
  cwd: string;
  color: boolean;
  messageFormat: MessageFormat;
  /** Credits each line cargo writes to its crate. */
  attribution: OutputAttribution;
  /** Times the group's tasks. */
  clock: GroupClock;
  /** Shows cargo's progress as it comes. */
  live: LiveOutput;
  verbose: boolean;
}

/** How one cargo call ended. `stoppedBy`: the stop signal its failure was the doing of. */
export interface CargoCall {
  argv: string[];
  exitCode: number;
  stoppedBy?: string;
}

/** The cargo calls of a group over these crates (`crates[i]` is the crate of `group.taskIds[i]`). */
export function groupCalls(group: TaskGroup, crates: CrateInfo[]): GroupCalls {
  const { options } = group;
  const color = process.stdout.isTTY === true || forcedColor(process.env.FORCE_COLOR);
  return {
    options,
    cwd: group.cwd,
    color,
    messageFormat: options.command === 'fmt' ? 'human' : color ? 'json-diagnostic-rendered-ansi' : 'json',
    attribution: new OutputAttribution(crates, options.command, group.cwd),
    clock: new GroupClock(crates, options.args),
    live: new LiveOutput(liveMode()),
    verbose: isVerbose(),
  };
}

/** FORCE_COLOR as Node and Nx read it: set and not `0`/`false`. */
function forcedColor(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value !== 'false';
}

/**
 * One cargo call over `packages` (`compileTestsOnly`: the test targets are compiled, not run;
 * `selection`: the test call's target selection, see test-calls.ts).
 */
export async function callCargo(calls: GroupCalls, packages: CrateInfo[], compileTestsOnly = false, selection?: string[]): Promise<CargoCall> {
  const { options, attribution, clock, live } = calls;
  const argv = callArgs(calls, [...new Set(packages)], compileTestsOnly, selection);
  const shownFrom = attribution.shared.length;
  if (calls.verbose) process.stdout.write(verboseCommand(argv, calls.cwd, options.env));
  const result = await runCargo(argv, {
    cwd: calls.cwd,
    env: { ...live.cargoEnv(), ...options.env },
    output: 'lines',
    onLine: (l) => {
      if (!clock.line(l)) attribution.line(live.line(l));
    },
    onPartial: (p) => live.partial(p),
  });
  live.end();
  if (calls.verbose) process.stdout.write(verboseReport(result.exitCode, attribution.shared.slice(shownFrom)));
  attribution.close();
  clock.cargoEnded();
  const stoppedBy = stopOf(result, attribution.interruptedBy);
  return { argv, exitCode: result.exitCode, ...(stoppedBy ? { stoppedBy } : {}) };
}

function callArgs({ options, messageFormat, color, clock }: GroupCalls, packages: CrateInfo[], compileTestsOnly: boolean, selection: string[] | undefined): string[] {
  return cargoArgs(options, {
    packages: packages.map((c) => packageSpec(c, options.command)),
    messageFormat,
    keepGoing: options.command !== 'run',
    color,
    compileTestsOnly,
    ...(selection ? { selection } : {}),
    timings: clock.timings(options.command !== 'fmt' && (compileTestsOnly || options.command !== 'test')),
  });
}
