export * from './types';
export { loadCargoModel, type LoadOptions } from './load';
export { fileListFs, nodeFs, type ModelFs } from './fs';
export { parseToml, type TomlResult } from './toml';
export { findLocalPackage, lockClosure, lockKey } from './lockfile';
export { buildClosures, type BuildClosure } from './closure';
export { scanRustFile, type FileScan, type ScanOptions } from './includes';
export { crateReads, NO_READS, TEST_DIRS, type CrateSymlink, type SourceReads } from './crate-reads';
