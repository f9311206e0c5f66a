// Copies the non-TypeScript files the package needs (executor/generator schemas, generator
// templates) next to the compiled code.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const src = new URL('../packages/rust/src/', import.meta.url).pathname;
const dist = new URL('../packages/rust/dist/', import.meta.url).pathname;

/** `generators/<name>/files`: the templates a generator writes (their sources are not compiled). */
function isTemplateFolder(path) {
  const parts = relative(src, path).split(sep);
  return parts.length === 3 && parts[0] === 'generators' && parts[2] === 'files';
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === '__fixtures__') continue;
    if (statSync(path).isDirectory()) {
      if (isTemplateFolder(path)) cpSync(path, join(dist, relative(src, path)), { recursive: true });
      else walk(path);
    } else if (name.endsWith('.json')) {
      cpSync(path, join(dist, relative(src, path)));
    }
  }
}
walk(src);
