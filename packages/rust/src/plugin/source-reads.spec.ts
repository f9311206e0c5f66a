import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { modelOf, pkg } from '../testing/memory-workspace';
import { crateSourceReads } from './source-reads';

describe('crateSourceReads', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const model = modelOf({
    'Cargo.toml': '[workspace]\nmembers = ["a", "a/nested"]\n',
    'a/Cargo.toml': pkg('a'),
    'a/src/lib.rs': '',
    'a/nested/Cargo.toml': pkg('nested'),
    'a/nested/src/lib.rs': '',
  });
  const files = ['a/src/lib.rs', 'a/src/help.rs', 'a/nested/src/lib.rs', 'a/target/debug/build/x/out/gen.rs'];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-scan-'));
    write('a/src/lib.rs', 'mod help;\n');
    write('a/src/help.rs', 'pub const HELP: &str = "plain";\n');
    write('a/nested/src/lib.rs', 'pub const T: &str = include_str!("../../../shared/t.txt");\n');
    write('a/target/debug/build/x/out/gen.rs', 'include_str!("../README.md");\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('credits each file to the deepest crate holding it, skips target/, and follows edits', () => {
    const first = crateSourceReads(root, model, files);
    expect(first.get('a')).toEqual({ markdown: false, outside: [], env: [] });
    expect(first.get('a/nested')).toEqual({ markdown: false, outside: ['shared/t.txt'], env: [] });
    expect(existsSync(join(root, '.nx/workspace-data/ms-rust-source-scans.v1.json'))).toBe(true);
    write('a/src/help.rs', '#![doc = include_str!("../README.md")]\n');
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(true);
  });

  it('never trusts the scan of a file written just before it: a same-size rewrite is read again', () => {
    write('a/src/help.rs', 'const A: &str = "xxxxxxxxxxxxxxxxxxxx";\n');
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(false);
    write('a/src/help.rs', 'const A: &str = include_str!("R.md");\n'.padEnd(40, ' '));
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(true);
  });
});
