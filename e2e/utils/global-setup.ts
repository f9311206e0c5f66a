import { prepareTemplate } from './workspace';

/** Once per run: pack @ms/rust and install it with nx into the template the tests link to. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const { template, tarball } = prepareTemplate();
  process.stdout.write(`\n[e2e] packed ${tarball}, installed into ${template} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
