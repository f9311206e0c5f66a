import type { Crate, Workspace } from '../../cargo';
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
