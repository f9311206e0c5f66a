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
  /** Arguments that must come last (clippy's `-- -D warnings`, run's `--` before program args). */
  trailing?: string[];
  /** False for targets whose whole point is to run every time (bench, run). */
  cache: boolean;
  /** Outputs worth caching; none by default (the result is what is cached). */
  outputs?: (crate: Crate, ws: Workspace) => string[];
  /** Whether `--release`/`--profile` configurations make sense (not for fmt). */
  profiles: boolean;
  /**
   * `cargo fmt -p` takes a bare package name (it only looks at workspace members); every other
   * command gets `name@version`, which stays unambiguous when the resolve holds another package of
   * the same name (a crate of another workspace reached by path, a registry namesake).
   */
  bareName?: boolean;
}
