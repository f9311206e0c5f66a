import { featureResolver } from './resolver';

describe('featureResolver', () => {
  it('follows cargo: the named resolver, else the root package edition, else "1"', () => {
    expect(featureResolver({ workspace: { resolver: '2', members: [] } })).toBe('2');
    expect(featureResolver({ workspace: { members: [] } })).toBe('1');
    expect(featureResolver({ package: { name: 'a', edition: '2021' } })).toBe('2');
    expect(featureResolver({ package: { name: 'a', edition: '2024' } })).toBe('3');
    expect(featureResolver({ package: { name: 'a', edition: '2018' } })).toBe('1');
    expect(featureResolver({ package: { name: 'a' } })).toBe('1');
    expect(featureResolver({ package: { name: 'a', resolver: '2', edition: '2018' } })).toBe('2');
    expect(featureResolver({ workspace: { package: { edition: '2021' } }, package: { name: 'a', edition: { workspace: true } } })).toBe('2');
  });
});
