import type { ModelFs } from './fs';
import { joinPath } from './paths';

/**
 * Cargo expands `members`/`default-members` with the `glob` crate: per path component, `*`, `?`,
 * `[abc]`, `[a-z]`, `[!abc]`, and `**` as a whole component for any number of folders (`a/**`
 * matches below `a`, not `a` itself). Here a pattern is compiled to a RegExp over folder paths,
 * so membership is a match against known crate folders instead of a walk of the disk.
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
      // As in the glob crate, a `]` right after `[` or `[!` belongs to the set: `[]a]`, `[!]a]`.
      const negate = part[i + 1] === '!';
      const start = i + (negate ? 2 : 1);
      const close = part.indexOf(']', start + 1);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      const body = part.slice(start, close);
      // A negated set never matches the separator: the glob crate matches component by component.
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

/**
 * The folders a glob (relative to the model root) matches on disk, as cargo's expansion of
 * `members` finds them, whether or not they hold a Cargo.toml. Walks only the folders the
 * pattern's components can reach; undefined for patterns with `**`, which could walk the whole
 * tree (`target/`, `node_modules/`…).
 */
export function expandGlobOnDisk(pattern: string, fs: ModelFs): string[] | undefined {
  const parts = pattern.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('**')) return undefined;
  let dirs = [''];
  for (const part of parts) {
    const next: string[] = [];
    const re = isGlob(part) ? new RegExp(`^${componentToRegExp(part)}$`) : undefined;
    for (const dir of dirs) {
      if (!re) {
        if (fs.listDir(joinPath(dir, part)) !== undefined) next.push(joinPath(dir, part));
        continue;
      }
      for (const entry of fs.listDir(dir) ?? []) {
        if (entry.isDir && re.test(entry.name)) next.push(joinPath(dir, entry.name));
      }
    }
    dirs = next;
  }
  return dirs.sort();
}
