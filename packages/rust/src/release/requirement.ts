/**
 * A dependency's version requirement after the crate it names gets a new version. One
 * comparator (`0.1`, `^0.1.0`, `~0.1`, `=0.1.0`) keeps its operator and takes the whole new
 * version: `"0.1.0"` → `"0.2.0"`, `"^0.1"` → `"^0.2.0"`, `"=0.1.0"` → `"=0.2.0"` (as Nx's own
 * versionPrefix "auto" keeps `^`, `~` and `=`). `*` still admits every version and stays. Any
 * other form (ranges, several comparators, `0.1.*`) becomes the new version as cargo's default
 * caret requirement, `"0.2.0"`.
 */
export function bumpedRequirement(requirement: string, newVersion: string, forcedPrefix?: string): string {
  if (forcedPrefix !== undefined) return `${forcedPrefix}${newVersion}`;
  const trimmed = requirement.trim();
  if (trimmed === '*') return requirement;
  const single = /^([\^~=]?)\s*\d+(?:\.\d+(?:\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)?)?$/.exec(trimmed);
  return single ? `${single[1]}${newVersion}` : newVersion;
}

/** A version cargo accepts as `package.version`, also safe to write inside a TOML basic string. */
export function isSemverVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}
