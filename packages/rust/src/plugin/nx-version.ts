import { NX_MAJOR_READING_LOCK_GATE } from './lock-gate';

/**
 * What the installed Nx does that the inferred configuration depends on. The configuration is
 * written for Nx 24; Nx 22 and 23 (the older majors of the peer range) differ in two ways.
 */
export interface NxBehaviour {
  /** The installed nx's version, for messages. */
  version: string;
  /** Whether the targets behind the lock gate read its outputs: see NX_MAJOR_READING_LOCK_GATE. */
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

/** The installed nx's version, read from its package.json (NX_VERSION would load @nx/devkit). */
function installedNxVersion(): string {
  return (require('nx/package.json') as { version: string }).version;
}

export function nxBehaviour(version: string = installedNxVersion()): NxBehaviour {
  const major = Number.parseInt(version, 10);
  // A local build of nx (0.0.0-…, or no version at all) is taken for the newest.
  const atLeast = (oldest: number) => Number.isNaN(major) || major === 0 || major >= oldest;
  return { version, readsLockGateOutputs: atLeast(NX_MAJOR_READING_LOCK_GATE), sharedTargetDefaults: atLeast(CONFIGURED_FOR_NX_MAJOR) };
}
