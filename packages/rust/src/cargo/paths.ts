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

/** True when `path` is `dir` itself or lies inside it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' ? !path.startsWith('../') && path !== '..' : path === dir || path.startsWith(dir + '/');
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
