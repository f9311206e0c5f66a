import type { Crate, Workspace } from '../../cargo';
import type { Input } from '../inputs';
import type { TargetKind } from '../options';

/** Everything about one kind of target: the cargo command it runs and how it is cached. */
export interface TargetSpec {
  kind: TargetKind;
  subcommand: string;
  description: string;
  /** Whether the crate gets this target at all (doc: libraries; run: binaries; bench: benches). */
  applies?: (crate: Crate) => boolean;
  /** cargo arguments after the subcommand and `-p <crate>`, before any profile flag. */
  args: (crate: Crate) => string[];
  /** Arguments after `--`: for clippy, the test harness or the program. */
  toolArgs?: string[];
  /** False for targets whose whole point is to run every time (bench, run). */
  cache: boolean;
  /**
   * What the target hashes when cached (see inputs.ts): the named input of its kind
   * (`kindInputsName`), defined once in nx.json, holding what is the same for every crate
   * (`named`; `gate` is what the lock gate adds, see lock-gate.ts), then what a named input
   * cannot hold (`^…` and `{ projects }` entries) or what differs from crate to crate: `deps`
   * (`shared`) or `of` (`crate`: the crate's build closure, in each project).
   */
  inputs?: TargetInputs;
  /** Whether the target depends on the lock gate (and reads it, see lock-gate.ts): those that compile. */
  lockGate: boolean;
  /** Outputs worth caching; none by default (the result is what is cached). */
  outputs?: (crate: Crate, ws: Workspace, project: string) => string[];
  /** Whether `--release`/`--profile` configurations make sense (not for fmt). */
  profiles: boolean;
  /** Never batched, always run alone: a program talks to the terminal (`run`). */
  alone?: boolean;
  /** Another executor than `@ms/rust:cargo` (`package`); it then takes `options`, not a subcommand. */
  executor?: string;
  /** The executor's options, for a target with its own `executor`. */
  options?: (crate: Crate) => Record<string, unknown>;
  /** The profile without a configuration (default `dev`). */
  defaultProfile?: string;
}

/** The crate facts per-crate inputs name: see `CrateContext`. */
export interface ClosureContext {
  workspace: Workspace;
  closure: { deps: string[]; packages: string[] };
}

export type TargetInputs =
  | { scope: 'shared'; named: (gate: Input[]) => Input[]; deps: Input[] }
  | { scope: 'crate'; named: (gate: Input[]) => Input[]; of: (ctx: ClosureContext) => Input[] };
