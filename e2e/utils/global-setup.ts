import { prepareCrates, prepareTemplate } from './workspace';

/**
 * Once per run: pack @ms/rust and install it with nx into the template the tests link to, and
 * make clap and criterion reachable for cargo (see prepareCrates).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const { template, tarball } = prepareTemplate();
  process.stdout.write(`\n[e2e] packed ${tarball}, installed into ${template} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  const cratesStarted = Date.now();
  const home = prepareCrates();
  process.stdout.write(`[e2e] registry crates: ${home ? `Debian's packaged crates through CARGO_HOME=${home}` : 'crates.io'} (${((Date.now() - cratesStarted) / 1000).toFixed(1)}s)\n`);
}
