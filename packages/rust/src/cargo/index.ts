export * from './types';
export { loadCargoModel, type LoadOptions } from './load';
export { fileListFs, nodeFs, type ModelFs } from './fs';
export { parseToml, type TomlResult } from './toml';
export { findLocalPackage, lockClosure, lockKey } from './lockfile';
export { buildClosures, type BuildClosure } from './closure';
export { scanSourceReads, type SourceReads } from './includes';
export { featureFreeCrates } from './features';
export { featureResolver } from './resolver';
