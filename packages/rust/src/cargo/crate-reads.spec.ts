import { modelOf, pkg } from '../testing/memory-workspace';
import { crateReads, type CrateReadsInput } from './crate-reads';
import { scanRustFile } from './includes';

/** crateReads over in-memory files: `files` maps paths (relative to the model root) to contents. */
function readsOf(manifest: string, files: Record<string, string>, symlinks: CrateReadsInput['symlinks'] = [], insideRoot?: CrateReadsInput['insideRoot']) {
  const crate = modelOf({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': manifest, ...files }).crates[0];
  const folders = new Set(Object.keys(files).flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return crateReads({
    crate,
    ownFiles: Object.keys(files).filter((f) => f.startsWith('a/') && f.endsWith('.rs')),
    symlinks,
    scan: (path, modRs, buildScript) => (path in files ? scanRustFile(path, files[path], { crateRoot: 'a', modRs, buildScript }) : undefined),
    kind: (path) => (path in files ? 'file' : folders.has(path) ? 'dir' : undefined),
    rsFilesUnder: (dir) => Object.keys(files).filter((f) => f.startsWith(`${dir}/`) && f.endsWith('.rs')),
    insideRoot,
  });
}

describe('crateReads', () => {
  it('leaves tests/, benches/ and examples/ out of what cargo build compiles, and reads nothing outside', () => {
    expect(readsOf(pkg('a'), { 'a/src/lib.rs': 'pub fn f() {}\n', 'a/tests/it.rs': 'const X: &str = include_str!("fixtures/x.txt");\n' })).toEqual({
      markdown: false,
      outside: [],
      unseen: [],
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

  it('lists the files it reads beyond the Nx root, above it or absolute, for a runtime input; a folder there is warned about', () => {
    const reads = readsOf(pkg('a', '\n[[bin]]\nname = "tool"\npath = "../../tool.rs"\n'), {
      'a/src/lib.rs': [
        'const A: &str = include_str!("/tmp/rv/outside-abs.txt");',
        'const R: &str = include_str!("../../../outside-rel.txt");',
        '#[path = "../../../outside-mod.rs"]',
        'mod om;',
      ].join('\n'),
      // Scanned where it is: what it reads in turn counts.
      '../outside-mod.rs': 'const G: &str = env!("GREETING");\nconst W: &str = include_str!("words.txt");\n',
    });
    expect(reads).toMatchObject({ outside: [], env: ['GREETING'], warnings: [] });
    expect(reads.unseen).toEqual(['../outside-mod.rs', '../outside-rel.txt', '../tool.rs', '../words.txt', '/tmp/rv/outside-abs.txt']);
    const folder = readsOf(pkg('a'), { 'a/src/lib.rs': '', 'a/build.rs': 'fn main() { println!("cargo:rerun-if-changed=/opt/sdk/include"); }\n', '/opt/sdk/include/x.h': '' });
    expect(folder.unseen).toEqual([]);
    expect(folder.warnings).toEqual([
      'crate a: a/build.rs: `cargo:rerun-if-changed=/opt/sdk/include` reads /opt/sdk/include/, a folder outside the Nx workspace: it cannot be hashed; list what it reads there in the target inputs through [package.metadata.nx] (a runtime input printing it)',
    ]);
    // A symlinked file beyond the root is read through its link; a symlinked folder is warned about.
    const linked = readsOf(pkg('a'), { 'a/src/lib.rs': '' }, [
      { link: 'a/host', target: undefined, isDir: false },
      { link: 'a/sdk', target: undefined, isDir: true },
    ]);
    expect(linked.unseen).toEqual(['a/host']);
    expect(linked.warnings).toEqual([
      'crate a: a/sdk: `symlink` points to a folder outside the Nx workspace: it cannot be hashed; list what it reads there in the target inputs through [package.metadata.nx] (a runtime input printing it)',
    ]);
  });

  it('hashes an absolute path inside the Nx root as its relative path, and warns that another checkout reads another file', () => {
    const reads = readsOf(pkg('a'), { 'a/src/lib.rs': 'const S: &str = include_str!("/work/ws/shared/s.txt");\n' }, [], (abs) => (abs.startsWith('/work/ws/') ? abs.slice('/work/ws/'.length) : undefined));
    expect(reads.outside).toEqual(['shared/s.txt']);
    expect(reads.warnings).toEqual([
      'crate a: a/src/lib.rs: `include_str!("/work/ws/shared/s.txt")` names an absolute path inside the Nx workspace: it is hashed as shared/s.txt, but a checkout elsewhere reads another file there; write it relative',
    ]);
  });

  it('follows a symlink pointing inside the crate: a test folder it points into is compiled by what compiles the link', () => {
    const files = { 'a/src/lib.rs': 'mod x;\nmod gen;\n', 'a/tests/shared/x.rs': 'pub const X: u8 = 1;\n', 'a/tests/gen/mod.rs': 'pub const G: u8 = 1;\n' };
    expect(readsOf(pkg('a'), files, [{ link: 'a/src/x.rs', target: 'a/tests/shared/x.rs', isDir: false }]).compiledTestDirs).toEqual(['tests']);
    expect(readsOf(pkg('a'), files, [{ link: 'a/src/gen', target: 'a/tests/gen', isDir: true }]).compiledTestDirs).toEqual(['tests']);
    // A folder symlink holding a test folder, and what the files under it name.
    const under = readsOf(pkg('a'), { 'a/src/lib.rs': 'mod all;\n', 'a/lib/mod.rs': 'const D: &str = include_str!("../examples/d.txt");\n' }, [{ link: 'a/src/all', target: 'a/lib', isDir: true }]);
    expect(under.compiledTestDirs).toEqual(['examples']);
    expect(readsOf(pkg('a'), files, [{ link: 'a/src/all', target: 'a', isDir: true }]).compiledTestDirs).toEqual(['tests', 'benches', 'examples']);
    // A link that only tests compile leaves the test folder it points into out of `cargo build`.
    expect(readsOf(pkg('a'), files, [{ link: 'a/examples/x.rs', target: 'a/tests/shared/x.rs', isDir: false }]).compiledTestDirs).toEqual([]);
  });

  it('scans a #[path] module as owning its folder, and an outside `x.rs` module as not owning it', () => {
    const inside = readsOf(pkg('a'), {
      'a/src/lib.rs': '#[path = "impls/x.rs"]\nmod x;\n',
      // Loaded by #[path], x.rs owns src/impls/: `inner` is src/impls/inner/, so this names a/tests/t.rs.
      'a/src/impls/x.rs': 'mod inner {\n    #[path = "../../../tests/t.rs"]\n    mod t;\n}\n',
      'a/tests/t.rs': '',
    });
    expect(inside.compiledTestDirs).toEqual(['tests']);
    const outside = readsOf(pkg('a'), {
      'a/src/lib.rs': '#[path = "../../shared/m.rs"]\nmod m;\n',
      'shared/m.rs': 'mod leaf;\n',
      // `mod leaf;` found as shared/leaf.rs: a non-mod-rs file owning shared/leaf/.
      'shared/leaf.rs': 'mod inner {\n    #[path = "deep.rs"]\n    mod deep;\n}\n',
      'shared/leaf/inner/deep.rs': '',
    });
    expect(outside.outside).toEqual(['shared/leaf.rs', 'shared/leaf/inner/deep.rs', 'shared/m.rs']);
  });
});
