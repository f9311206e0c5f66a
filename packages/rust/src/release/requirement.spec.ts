import { bumpedRequirement, isSemverVersion } from './requirement';

describe('bumpedRequirement', () => {
  it.each([
    ['0.1.0', '0.2.0'],
    ['0.1', '0.2.0'],
    ['^0.1', '^0.2.0'],
    ['~0.1.0', '~0.2.0'],
    ['=0.1.0', '=0.2.0'],
    ['= 0.1.0', '=0.2.0'],
    ['*', '*'],
    ['>=0.1, <0.2', '0.2.0'],
    ['0.1.*', '0.2.0'],
  ])('%j → %j', (before, after) => {
    expect(bumpedRequirement(before, '0.2.0')).toBe(after);
  });

  it('takes an explicit prefix for any requirement', () => {
    expect(bumpedRequirement('~0.1', '0.2.0', '^')).toBe('^0.2.0');
    expect(bumpedRequirement('=0.1.0', '0.2.0', '')).toBe('0.2.0');
  });
});

describe('isSemverVersion', () => {
  it('accepts what cargo takes as a version, and nothing that could end a TOML string', () => {
    expect(['1.2.3', '0.1.0-alpha.1', '1.0.0+build.5'].every(isSemverVersion)).toBe(true);
    expect(['1.2', 'v1.2.3', '1.2.3"', '1.2.3\\n'].some(isSemverVersion)).toBe(false);
  });
});
