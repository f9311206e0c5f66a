import { NX_VERSION } from '@nx/devkit';

/**
 * What the installed Nx does that the inferred configuration depends on. The configuration is
 * written for Nx 24; Nx 22 and 23 (the older majors of the peer range) differ in two ways.
 */
export interface NxBehaviour {
  /** The installed nx's version, for messages. */
  version: string;
  /**
   * Nx 24+: in a batch, a task reading the outputs of a task that is never cached (the lock gate)
   * is hashed and looked up in the cache once that task ran. Nx 22 and 23 never look such a task
   * up, so every batched run would re-run everything. Their `nx affected` selects whole projects,
   * which the gate's Cargo.lock input already does: there nothing needs to read the gate's outputs.
   */
  readsLockGateOutputs: boolean;
  /**
   * Nx 24+: the plugin leaves out of each project what nx.json's `targetDefaults` filtered to it
   * set (what init writes). Nx 22 drops such entries; Nx 23 applies them (from 23.1), but they
   * carry Nx 24's inputs: below 24 the plugin sets every field itself and init writes none.
   */
  sharedTargetDefaults: boolean;
}

/** The oldest major whose behaviour the configuration is written for (see NxBehaviour). */
export const CONFIGURED_FOR_NX_MAJOR = 24;

export function nxBehaviour(version: string = NX_VERSION): NxBehaviour {
  const major = Number.parseInt(version, 10);
  // A local build of nx (0.0.0-…, or no version at all) is taken for the newest.
  const current = Number.isNaN(major) || major === 0 || major >= CONFIGURED_FOR_NX_MAJOR;
  return { version, readsLockGateOutputs: current, sharedTargetDefaults: current };
}
