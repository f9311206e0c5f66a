import { createHash } from 'node:crypto';

/**
 * A cache key for a list of texts (each one length-prefixed, so that no two lists share a key).
 * node:crypto rather than @nx/devkit's hashArray: the graph path loads no @nx/devkit at run time,
 * which would cost every command some 60 ms in the plugin's worker.
 */
export function contentHash(parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}
