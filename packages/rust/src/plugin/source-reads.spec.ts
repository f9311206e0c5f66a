import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    'Cargo.toml': '[workspace]\nmembers = ["a", "a/nested", "b"]\n',
    'a/Cargo.toml': pkg('a'),
    'a/src/lib.rs': '',
    'a/nested/Cargo.toml': pkg('nested'),
    'a/nested/src/lib.rs': '',
    'b/Cargo.toml': pkg('b', '\n[[bin]]\nname = "b"\npath = "../tools/b.rs"\n'),
  });
  const files = ['a/src/lib.rs', 'a/src/help.rs', 'a/nested/src/lib.rs', 'a/target/debug/build/x/out/gen.rs', 'shared/m.rs', 'shared/m/leaf.rs', 'tools/b.rs'];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-scan-'));
    write('a/src/lib.rs', 'mod help;\n#[path = "../../shared/m.rs"]\nmod m;\n');
    write('a/src/help.rs', 'pub const HELP: &str = "plain";\n');
    write('shared/m.rs', 'mod leaf;\n');
    write('shared/m/leaf.rs', 'const L: &str = include_str!("../leaf.txt");\nconst G: &str = env!("GREETING");\n');
    write('a/nested/src/lib.rs', 'pub const T: &str = include_str!("../../../shared/t.txt");\n');
    write('a/target/debug/build/x/out/gen.rs', 'include_str!("../README.md");\n');
    write('tools/b.rs', 'fn main() { println!("{}", include_str!("b.txt")); }\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('credits each file to the deepest crate holding it, skips target/, follows modules outside the crate, and follows edits', () => {
    const first = crateSourceReads(root, model, files);
    // shared/m.rs is loaded by #[path]: it owns shared/ as a mod.rs would, so `leaf` is shared/leaf.rs or
    // shared/leaf/mod.rs (not shared/m/leaf.rs); neither exists here, so nothing more counts.
    expect(first.get('a')).toEqual({ markdown: false, outside: ['shared/m.rs'], unseen: [], env: [], compiledTestDirs: [], warnings: [] });
    expect(first.get('a/nested')).toMatchObject({ outside: ['shared/t.txt'] });
    expect(existsSync(join(root, '.nx/workspace-data/ms-rust-source-scans.v3.json'))).toBe(true);
    write('a/src/help.rs', '#![doc = include_str!("../README.md")]\n');
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(true);
  });

  it('scans modules found outside the crate, and a target whose file lies outside it', () => {
    write('shared/leaf.rs', 'const L: &str = include_str!("leaf.txt");\nconst G: &str = env!("GREETING");\n');
    const reads = crateSourceReads(root, model, [...files, 'shared/leaf.rs']);
    expect(reads.get('a')).toMatchObject({ outside: ['shared/leaf.rs', 'shared/leaf.txt', 'shared/m.rs'], env: ['GREETING'] });
    expect(reads.get('b')).toMatchObject({ outside: ['tools/b.rs', 'tools/b.txt'] });
  });

  it('names what symlinks inside the crate point to: a file, or a whole folder; a file beyond the Nx root is read through the link', () => {
    write('shared/data.txt', 'data');
    write('shared/assets/a.txt', 'asset');
    symlinkSync('../../shared/data.txt', join(root, 'a/src/data.txt'));
    symlinkSync('../shared/assets', join(root, 'a/assets'));
    symlinkSync('/etc/hostname', join(root, 'a/host'));
    const reads = crateSourceReads(root, model, files).get('a')!;
    expect(reads.outside).toEqual(['shared/assets/**/*', 'shared/data.txt', 'shared/m.rs']);
    expect(reads).toMatchObject({ unseen: ['a/host'], warnings: [] });
    symlinkSync(tmpdir(), join(root, 'a/tmp'));
    expect(crateSourceReads(root, model, files).get('a')!.warnings).toEqual([
      'crate a: a/tmp: `symlink` points to a folder outside the Nx workspace: it cannot be hashed; list what it reads there in the target inputs through [package.metadata.nx] (a runtime input printing it)',
    ]);
  });

  it('keeps the test folder a symlink of the library points into, a file or a folder', () => {
    write('a/src/lib.rs', 'mod x;\n');
    write('a/tests/shared/x.rs', 'pub const X: u8 = 1;\n');
    symlinkSync('../tests/shared/x.rs', join(root, 'a/src/x.rs'));
    expect(crateSourceReads(root, model, [...files, 'a/src/x.rs', 'a/tests/shared/x.rs']).get('a')!.compiledTestDirs).toEqual(['tests']);
    // Files under a symlinked folder are scanned where they are: what they name counts too.
    write('a/src/lib.rs', 'mod gen;\n');
    write('a/tests/gen/mod.rs', 'pub const G: &str = include_str!("../../benches/g.txt");\n');
    rmSync(join(root, 'a/src/x.rs'));
    symlinkSync('../tests/gen', join(root, 'a/src/gen'));
    expect(crateSourceReads(root, model, [...files, 'a/tests/shared/x.rs', 'a/tests/gen/mod.rs']).get('a')!.compiledTestDirs).toEqual(['tests', 'benches']);
  });

  it('reads absolute paths where they are: inside the Nx root hashed as relative paths (with a warning), outside it unseen', () => {
    const outsideDir = mkdtempSync(join(tmpdir(), 'ms-rust-beyond-'));
    try {
      writeFileSync(join(outsideDir, 'abs.txt'), 'abs');
      write('shared/s.txt', 's');
      write('a/src/lib.rs', `const A: &str = include_str!("${join(outsideDir, 'abs.txt')}");\nconst S: &str = include_str!("${join(root, 'shared/s.txt')}");\n`);
      const reads = crateSourceReads(root, model, files).get('a')!;
      expect(reads).toMatchObject({ outside: ['shared/s.txt'], unseen: [join(outsideDir, 'abs.txt')] });
      expect(reads.warnings).toEqual([
        `crate a: a/src/lib.rs: \`include_str!("${join(root, 'shared/s.txt')}")\` names an absolute path inside the Nx workspace: it is hashed as shared/s.txt, but a checkout elsewhere reads another file there; write it relative`,
      ]);
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('never trusts the scan of a file written just before it: a same-size rewrite is read again', () => {
    write('a/src/help.rs', 'const A: &str = "xxxxxxxxxxxxxxxxxxxx";\n');
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(false);
    write('a/src/help.rs', 'const A: &str = include_str!("R.md");\n'.padEnd(40, ' '));
    expect(crateSourceReads(root, model, files).get('a')!.markdown).toBe(true);
  });
});
