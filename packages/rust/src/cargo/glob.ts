/**
 * Cargo expands `members`/`default-members` with the `glob` crate: per path component, `*`, `?`,
 * `[abc]`, `[!abc]`, and `**` as a whole component for any number of folders. Here a pattern is
 * compiled to a RegExp over folder paths, so membership is a match against known crate folders
 * instead of a walk of the disk.
 */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

const compiled = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = compileGlob(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

function compileGlob(pattern: string): RegExp {
  const parts = pattern.split('/').filter((p) => p !== '');
  let source = '';
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (part === '**') {
      source += last ? '(?:[^/]+(?:/[^/]+)*)?' : '(?:[^/]+/)*';
      return;
    }
    source += componentToRegExp(part) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

function componentToRegExp(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = part.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = part.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}
