/**
 * Joins a folder relative to the model root with a path written in a manifest ('' is the root),
 * resolving `.` and `..`; the result may start with `../` when it leaves the root.
 */
export function joinRelative(dir: string, relative: string): string {
  let base = dir;
  let up = 0;
  let rest = relative.includes('\\') ? relative.replace(/\\/g, '/') : relative;
  // Leading `./` and `../` segments, the usual shape of a path dependency, without allocating.
  for (;;) {
    if (rest.startsWith('./')) rest = rest.slice(2);
    else if (rest.startsWith('../') || rest === '..') {
      rest = rest.slice(3);
      if (base === '') up++;
      else base = dirOf(base);
    } else break;
  }
  if (rest.endsWith('/')) rest = rest.replace(/\/+$/, '');
  if (/(^|\/)\.\.?(\/|$)|\/\//.test(rest)) return joinSegments(base, up, rest);
  const prefix = '../'.repeat(up);
  if (rest === '') return base === '' ? prefix.slice(0, -1) : prefix + base;
  return prefix + (base === '' ? rest : `${base}/${rest}`);
}

/** The general case: `.`, `..` or empty segments in the middle of the path. */
function joinSegments(base: string, up: number, rest: string): string {
  const out = base === '' ? [] : base.split('/');
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length) out.pop();
    else up++;
  }
  return [...Array<string>(up).fill('..'), ...out].join('/');
}

/**
 * A path written in a source file or a manifest, as the file system reads it from `dir` (relative
 * to the model root): written relative, it joins as `joinRelative` does; written absolute (`/x`,
 * `C:\x`), it stays absolute (normalized, forward slashes), naming no place relative to the root.
 */
export function joinWritten(dir: string, written: string): string {
  const absolute = /^((?:[A-Za-z]:)?)[\\/]+([\s\S]*)$/.exec(written);
  if (!absolute) return joinRelative(dir, written);
  // `..` above the file system's root stays at the root.
  return `${absolute[1]}/${joinRelative('', absolute[2]).replace(/^(?:\.\.(?:\/|$))+/, '')}`;
}

/** True for an absolute path (see `joinWritten`). */
export function isAbsolutePath(path: string): boolean {
  return /^(?:[A-Za-z]:)?[\\/]/.test(path);
}

/** True when a path (relative to the model root, or absolute) lies outside the model root. */
export function isBeyondRoot(path: string): boolean {
  return path === '..' || path.startsWith('../') || isAbsolutePath(path);
}

export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '' : file.slice(0, i);
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, file: string): string {
  return dir === '' ? file : `${dir}/${file}`;
}

/** True when `path` is `dir` itself or lies inside it (an absolute path lies in no folder of the model). */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' ? !isBeyondRoot(path) : path === dir || path.startsWith(dir + '/');
}

/** `dir` and each of its ancestors up to the model root (''), nearest first. */
export function ancestorsOf(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d !== ''; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

export function manifestIn(dir: string): string {
  return joinPath(dir, 'Cargo.toml');
}
