/**
 * `nx release` support, loaded by Nx from nx.json's `release.version.versionActions:
 * "@ms/rust/release"` (the package's release.js): the version actions class as the default
 * export, and the step Nx runs once after every project is versioned.
 */
import { CargoVersionActions } from './version-actions';

export { afterAllProjectsVersioned } from './lock-check';
export { CargoVersionActions };
export default CargoVersionActions;
