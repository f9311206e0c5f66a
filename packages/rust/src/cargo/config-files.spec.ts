import { cargoConfigCandidates } from './config-files';

describe('cargoConfigCandidates', () => {
  it('lists .cargo/config.toml and .cargo/config from the folder up to the root, then CARGO_HOME', () => {
    expect(cargoConfigCandidates('/work/repo/rust', '/opt/cargo')).toEqual([
      '/work/repo/rust/.cargo/config.toml',
      '/work/repo/rust/.cargo/config',
      '/work/repo/.cargo/config.toml',
      '/work/repo/.cargo/config',
      '/work/.cargo/config.toml',
      '/work/.cargo/config',
      '/.cargo/config.toml',
      '/.cargo/config',
      '/opt/cargo/config.toml',
      '/opt/cargo/config',
    ]);
  });

  it('reads a home on the way up once, at its place on the way', () => {
    const files = cargoConfigCandidates('/home/me/repo', '/home/me/.cargo');
    expect(files.filter((f) => f === '/home/me/.cargo/config.toml')).toHaveLength(1);
    expect(files.indexOf('/home/me/.cargo/config.toml')).toBeLessThan(files.indexOf('/.cargo/config.toml'));
  });
});
