import { removeTemplate } from './workspace';

/** Removes the run's temporary folders (kept when MS_RUST_E2E_KEEP is set). */
export default async function globalTeardown(): Promise<void> {
  removeTemplate();
}
