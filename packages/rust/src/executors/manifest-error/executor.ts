import { logger } from '@nx/devkit';

export interface ManifestErrorOptions {
  message: string;
}

/** Stands in for every target of a crate whose Cargo.toml cannot be loaded: says why, and fails. */
export default async function manifestError(options: ManifestErrorOptions): Promise<{ success: boolean }> {
  logger.error(`Cannot run cargo for this crate: ${options.message}`);
  return { success: false };
}
