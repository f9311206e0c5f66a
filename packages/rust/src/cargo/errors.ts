/** Thrown (and caught by the loader) when a manifest is valid TOML but not a loadable package. */
export class ManifestError extends Error {}
