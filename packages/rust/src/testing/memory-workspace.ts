import { fileListFs, loadCargoModel, type CargoModel } from '../cargo';

/** A cargo model of an in-memory workspace: `files` maps paths to contents. */
export function modelOf(files: Record<string, string>): CargoModel {
  const paths = Object.keys(files);
  return loadCargoModel(
    paths.filter((p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml')),
    { fs: fileListFs(paths, (p) => files[p]) },
  );
}

/** `[package]` of a crate, with optional extra TOML after it. */
export function pkg(name: string, extra = ''): string {
  return `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;
}
