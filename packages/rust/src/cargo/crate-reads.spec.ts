import { modelOf, pkg } from '../testing/memory-workspace';
import { crateReads, type CrateReadsInput } from './crate-reads';
import { scanRustFile } from './includes';

/** crateReads over in-memory files: `files` maps paths (relative to the model root) to contents. */
function readsOf(manifest: string, files: Record<string, string>, symlinks: CrateReadsInput['symlinks'] = []) {
  const crate = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': manifest, ...files }).crates[0];
  const folders = new Set(Object.keys(files).flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return crateReads({
    crate,
    ownFiles: Object.keys(files).filter((f) => f.startsWith('a/') && f.endsWith('.rs')),
    symlinks,
    scan: (path, modRs, buildScript) => (path in files ? scanRustFile(path, files[path], { crateRoot: 'a', modRs, buildScript }) : undefined),
    kind: (path) => (path in files ? 'file' : folders.has(path) ? 'dir' : undefined),
    rsFilesUnder: (dir) => Object.keys(files).filter((f) => f.startsWith(`${dir}/`) && f.endsWith('.rs')),
  });
}

describe('crateReads', () => {
  it('leaves tests/, benches/ and examples/ out of what cargo build compiles, and reads nothing outside', () => {
    expect(readsOf(pkg('a'), { 'a/src/lib.rs': 'pub fn f() {}\n', 'a/tests/it.rs': 'const X: &str = include_str!("fixtures/x.txt");\n' })).toEqual({
      markdown: false,
      outside: [],
      env: [],
      compiledTestDirs: [],
      warnings: [],
    });
  });

  it('keeps a test folder that the library reaches, directly or through files it compiles there', () => {
    const reads = readsOf(pkg('a'), {
      'a/src/lib.rs': 'const D: &str = include_str!("../examples/data.txt");\n#[path = "../tests/common/mod.rs"]\nmod common;\n',
      'a/tests/common/mod.rs': 'const B: &[u8] = include_bytes!("../../benches/input.bin");\n',
    });
    expect(reads.compiledTestDirs).toEqual(['tests', 'benches', 'examples']);
  });

  it('keeps a test folder holding a binary or the build script, and every one when the build script watches nothing', () => {
    expect(readsOf(pkg('a', '\n[[bin]]\nname = "tool"\npath = "examples/tool.rs"\n'), { 'a/examples/tool.rs': 'fn main() {}\n' }).compiledTestDirs).toEqual(['examples']);
    expect(readsOf(pkg('a'), { 'a/src/lib.rs': '', 'a/build.rs': 'fn main() {}\n' }).compiledTestDirs).toEqual(['tests', 'benches', 'examples']);
    expect(readsOf(pkg('a'), { 'a/src/lib.rs': '', 'a/build.rs': 'fn main() { println!("cargo:rerun-if-changed=build.rs"); }\n' }).compiledTestDirs).toEqual([]);
  });

  it('scans what it compiles outside its folder: an outside library path, its modules and their includes', () => {
    const reads = readsOf(pkg('a', '\n[lib]\npath = "../shared/lib.rs"\n'), {
      'shared/lib.rs': 'mod util;\n',
      'shared/util.rs': 'pub const V: &str = include_str!("v.txt");\npub const G: &str = env!("GREETING");\n',
    });
    expect(reads).toMatchObject({ outside: ['shared/lib.rs', 'shared/util.rs', 'shared/v.txt'], env: ['GREETING'] });
  });

  it('names a symlinked folder whole, with the .rs files in it scanned', () => {
    const reads = readsOf(pkg('a'), { 'a/src/lib.rs': '', 'vendor/gen/mod.rs': 'const S: &str = include_str!("../schema.json");\n' }, [
      { link: 'a/src/gen', target: 'vendor/gen', isDir: true },
      { link: 'a/src/same.rs', target: 'a/src/lib.rs', isDir: false },
    ]);
    expect(reads.outside).toEqual(['vendor/gen/**/*', 'vendor/schema.json']);
  });

  it('widens what it cannot resolve, and says so naming the crate, the file and the construct', () => {
    const somewhere = readsOf(pkg('a'), { 'a/src/lib.rs': 'const X: &str = include_str!(path!());\n' });
    expect(somewhere).toMatchObject({ markdown: true, outside: ['**/*'], compiledTestDirs: ['tests', 'benches', 'examples'] });
    expect(somewhere.warnings).toEqual(['crate a: a/src/lib.rs: `include_str!(path!())` cannot be resolved: every file of the workspace is hashed instead']);
    const under = readsOf(pkg('a'), { 'a/src/lib.rs': 'const X: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/", name!()));\n' });
    expect(under).toMatchObject({ markdown: false, outside: ['assets/**/*'] });
    const script = readsOf(pkg('a'), { 'a/src/lib.rs': '', 'a/build.rs': 'fn main() { let v = std::env::var(name()); }\n' });
    expect(script.warnings).toEqual([expect.stringMatching(/^crate a: a\/build.rs: `env::var\(name\(\)\)` cannot be hashed/)]);
  });
});
