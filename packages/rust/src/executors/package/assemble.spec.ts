import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../../testing/archives';
import { archiveFormat, archiveMtime } from './archive';
import { assemblePackage, type PackageContents } from './assemble';
import { selectDocuments } from './files';
import { sha256 } from './manifest';

const contents = (over: Partial<PackageContents> = {}): PackageContents => ({
  crate: 'app',
  version: '1.2.3',
  project: 'app',
  triple: 'x86_64-unknown-linux-gnu',
  profile: 'release',
  features: [],
  allFeatures: false,
  noDefaultFeatures: false,
  mtime: 0,
  binaries: [{ name: 'app', data: Buffer.from('binary'), executable: true }],
  documents: [{ name: 'README.md', data: Buffer.from('# app\n'), executable: false }],
  warnings: [],
  ...over,
});

describe('assemblePackage', () => {
  it('writes the archive, its .sha256 in sha256sum format, and a manifest listing both', () => {
    const { files, manifest } = assemblePackage(contents({ warnings: ['no LICENSE'] }));
    const archive = 'app-1.2.3-x86_64-unknown-linux-gnu.tar.gz';
    expect([...files.keys()]).toEqual([archive, `${archive}.sha256`, 'manifest.json']);
    const bytes = files.get(archive) as Buffer;
    expect(files.get(`${archive}.sha256`)).toBe(`${sha256(bytes)}  ${archive}\n`);
    expect(readTar(gunzipSync(bytes)).map((e) => e.name)).toEqual([
      'app-1.2.3-x86_64-unknown-linux-gnu/',
      'app-1.2.3-x86_64-unknown-linux-gnu/README.md',
      'app-1.2.3-x86_64-unknown-linux-gnu/app',
    ]);
    expect(JSON.parse(files.get('manifest.json') as string)).toEqual({
      crate: 'app',
      version: '1.2.3',
      project: 'app',
      triple: 'x86_64-unknown-linux-gnu',
      profile: 'release',
      features: [],
      allFeatures: false,
      noDefaultFeatures: false,
      mtime: 0,
      artifacts: [
        {
          file: archive,
          kind: 'archive',
          sha256: sha256(bytes),
          size: bytes.length,
          contents: ['app-1.2.3-x86_64-unknown-linux-gnu/', 'app-1.2.3-x86_64-unknown-linux-gnu/README.md', 'app-1.2.3-x86_64-unknown-linux-gnu/app'],
        },
      ],
      binaries: [{ name: 'app', bytes: contents().binaries[0].data.length }],
      warnings: ['no LICENSE'],
    });
    expect(manifest.artifacts).toHaveLength(1);
  });

  it('is a pure function: the same contents give the same bytes, file by file', () => {
    const a = assemblePackage(contents()).files;
    const b = assemblePackage(contents()).files;
    for (const [name, data] of a) expect({ name, same: Buffer.from(data).equals(Buffer.from(b.get(name)!)) }).toEqual({ name, same: true });
  });

  it('zips for Windows triples, and adds cargo\'s .crate with its checksum', () => {
    const crate = { name: 'app-1.2.3.crate', data: Buffer.from('crate bytes') };
    const { files, manifest } = assemblePackage(contents({ triple: 'x86_64-pc-windows-msvc', crateFile: crate }));
    expect([...files.keys()]).toEqual([
      'app-1.2.3-x86_64-pc-windows-msvc.zip',
      'app-1.2.3-x86_64-pc-windows-msvc.zip.sha256',
      'app-1.2.3.crate',
      'app-1.2.3.crate.sha256',
      'manifest.json',
    ]);
    expect(manifest.artifacts[1]).toEqual({ file: 'app-1.2.3.crate', kind: 'crate', sha256: sha256(crate.data), size: 11 });
    expect((files.get('app-1.2.3-x86_64-pc-windows-msvc.zip') as Buffer).readUInt32LE(0)).toBe(0x04034b50);
  });

  it('makes no archive for a library without binaries: the .crate and the manifest only', () => {
    const { files } = assemblePackage(contents({ binaries: [], crateFile: { name: 'app-1.2.3.crate', data: Buffer.from('x') } }));
    expect([...files.keys()]).toEqual(['app-1.2.3.crate', 'app-1.2.3.crate.sha256', 'manifest.json']);
  });

  it('refuses two files of one name in the archive', () => {
    expect(() => assemblePackage(contents({ documents: [{ name: 'app', data: Buffer.from(''), executable: false }] }))).toThrow(/two files named app/);
  });
});

describe('archive naming and time', () => {
  it('zips for *-windows-* triples only', () => {
    expect(['x86_64-pc-windows-msvc', 'i686-pc-windows-gnu', 'aarch64-pc-windows-gnullvm', 'x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'wasm32-wasip1'].map(archiveFormat)).toEqual([
      'zip', 'zip', 'zip', 'tar.gz', 'tar.gz', 'tar.gz',
    ]);
  });

  it('takes SOURCE_DATE_EPOCH, else 0, and refuses a malformed one', () => {
    expect(archiveMtime({})).toBe(0);
    expect(archiveMtime({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    expect(() => archiveMtime({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH must be a whole number/);
  });
});

describe('selectDocuments', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ms-rust-docs-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const touch = (...paths: string[]) => {
    for (const p of paths) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), p);
    }
  };

  it("takes each kind from the crate when it has it, else from the workspace root; files only, names as written", () => {
    touch('README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md', 'crates/app/README.md', 'crates/app/readme.txt', 'crates/app/Cargo.toml', 'crates/app/CHANGELOG');
    mkdirSync(join(root, 'crates/app/LICENSES'));
    const docs = selectDocuments(join(root, 'crates/app'), root);
    expect(docs.files.map((f) => f.slice(root.length + 1))).toEqual(['crates/app/CHANGELOG', 'LICENSE-APACHE', 'LICENSE-MIT', 'crates/app/README.md']);
    expect(docs.missing).toEqual([]);
  });

  it('reports the kinds found nowhere', () => {
    touch('crates/app/README.md');
    expect(selectDocuments(join(root, 'crates/app'), root)).toEqual({ files: [join(root, 'crates/app/README.md')], missing: ['LICENSE', 'CHANGELOG'] });
    expect(selectDocuments(root, root).missing).toEqual(['README', 'LICENSE', 'CHANGELOG']);
  });
});
