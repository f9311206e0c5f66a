/**
 * A deep copy of JSON data (what project configurations are). Nx merges configurations in place,
 * so no two projects or targets may share a list or an object; this is several times faster than
 * `structuredClone` on the small objects a graph holds thousands of.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}
