import { CRATES_IO_GIT_INDEX, CRATES_IO_SPARSE_INDEX, publishRegistry, registryToken } from './registries';

describe('publishRegistry', () => {
  const configs = [
    { registry: { default: 'near' }, registries: { near: { index: 'sparse+https://near.example/index/' } } },
    { registry: { default: 'far' }, registries: { near: { index: 'sparse+https://shadowed.example/' }, far: { index: 'sparse+https://far.example/' } } },
  ];

  it('takes crates.io and its sparse index when nothing says otherwise, named (a replaced crates.io source needs that)', () => {
    expect(publishRegistry(undefined, undefined, [], {})).toEqual({ name: 'crates-io', index: CRATES_IO_SPARSE_INDEX, args: ['--registry', 'crates-io'] });
    expect(publishRegistry(undefined, undefined, [{ registries: { 'crates-io': { protocol: 'git' } } }], {}).index).toBe(CRATES_IO_GIT_INDEX);
  });

  it('takes registry.default and the index of the nearest config file that names one', () => {
    expect(publishRegistry(undefined, undefined, configs, {})).toEqual({ name: 'near', index: 'sparse+https://near.example/index/', args: ['--registry', 'near'] });
  });

  it('lets the environment win over the files, as cargo does', () => {
    const env = { CARGO_REGISTRY_DEFAULT: 'my-reg', CARGO_REGISTRIES_MY_REG_INDEX: 'sparse+http://127.0.0.1:1/index/' };
    expect(publishRegistry(undefined, undefined, configs, env)).toEqual({ name: 'my-reg', index: 'sparse+http://127.0.0.1:1/index/', args: ['--registry', 'my-reg'] });
  });

  it('takes the only registry `publish = [..]` allows, and the one asked for over everything', () => {
    expect(publishRegistry(undefined, ['far'], configs, {}).name).toBe('far');
    expect(publishRegistry(undefined, ['far', 'near'], configs, {}).name).toBe('near');
    expect(publishRegistry('far', ['near'], configs, {}).args).toEqual(['--registry', 'far']);
    expect(publishRegistry('sparse+http://x.example/', undefined, configs, {})).toEqual({ name: 'sparse+http://x.example/', index: 'sparse+http://x.example/', args: ['--index', 'sparse+http://x.example/'] });
  });

  it('knows no index for a registry nothing configures', () => {
    expect(publishRegistry('nowhere', undefined, configs, {}).index).toBeUndefined();
  });
});

describe('registryToken', () => {
  it('reads CARGO_REGISTRIES_<NAME>_TOKEN, CARGO_REGISTRY_TOKEN for crates.io, else the config and credentials tables', () => {
    expect(registryToken('my-reg', [], { CARGO_REGISTRIES_MY_REG_TOKEN: 't1' })).toBe('t1');
    expect(registryToken('crates-io', [], { CARGO_REGISTRY_TOKEN: 't2' })).toBe('t2');
    expect(registryToken('my-reg', [{ registries: { 'my-reg': { token: 't3' } } }], {})).toBe('t3');
    expect(registryToken('crates-io', [{ registry: { token: 't4' } }], {})).toBe('t4');
  });
});
