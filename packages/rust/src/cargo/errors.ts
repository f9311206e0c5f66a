import { locateInToml, type TomlPath, type TomlPosition } from './toml-positions';
import type { Problem } from './types';

/** Finds, in the manifest's text, where the problem is written. */
export type ManifestSite = (text: string) => TomlPosition | undefined;

/** Thrown (and caught by the loader) when a manifest is valid TOML but not a loadable package. */
export class ManifestError extends Error {
  constructor(
    message: string,
    /** Where in the manifest the problem is written, when it is one place. */
    readonly site?: ManifestSite,
  ) {
    super(message);
  }
}

/** The site of the first of `paths` the manifest writes (else of the longest prefix it writes). */
export function siteOf(...paths: TomlPath[]): ManifestSite {
  return (text) => locateInToml(text, paths);
}

/** `file:line:column` of a problem (as cargo prints places), or its file alone. */
export function placeOf(problem: Problem): string {
  return [problem.file, problem.line, problem.column].filter((p) => p !== undefined).join(':');
}
