// Copies the non-TypeScript files the package needs (executor/generator schemas, templates) next to the compiled code.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = new URL('../packages/rust/src/', import.meta.url).pathname;
const dist = new URL('../packages/rust/dist/', import.meta.url).pathname;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === '__fixtures__') continue;
    if (statSync(path).isDirectory()) {
      if (name === 'files') cpSync(path, join(dist, relative(src, path)), { recursive: true });
      else walk(path);
    } else if (name.endsWith('.json')) {
      cpSync(path, join(dist, relative(src, path)));
    }
  }
}
walk(src);
