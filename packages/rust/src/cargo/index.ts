export * from './types';
export { loadCargoModel, type LoadOptions } from './load';
export { fileListFs, nodeFs, type ModelFs } from './fs';
export { parseToml, type TomlResult } from './toml';
export { findLocalPackage, lockClosure, lockKey } from './lockfile';
