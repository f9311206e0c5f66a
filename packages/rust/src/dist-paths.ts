/**
 * The folders under the Nx root where the executors leave what a target outputs, relative to that
 * root with `/` between parts: the build executor, the package executor and the metrics report
 * (and the targets the plugin infers, which declare them as outputs) all mean the same folder.
 */

/** Where a build copies a crate's final artifacts: `dist/target/<profile>/<project>`. */
export function artifactsFolder(profile: string, project: string): string {
  return `dist/target/${profile}/${project}`;
}

/** Where the package executor writes a crate's release archives: `dist/packages/<project>`. */
export function packagesFolder(project: string): string {
  return `dist/packages/${project}`;
}
