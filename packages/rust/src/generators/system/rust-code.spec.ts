import { rustUse } from './rust-code';

describe('rustUse', () => {
  it('writes one line when it fits in 100 columns', () => {
    expect(rustUse('chaos_engine', ['Config', 'Engine', 'Item'])).toBe('use chaos_engine::{Config, Engine, Item};');
  });

  it('breaks a longer line as rustfmt does', () => {
    const name = 'a_very_long_system_name_that_goes_on_and_on_for_sixty_four_chars';
    expect(rustUse(name, ['Config', 'Engine', 'Error', 'Item', 'Outcome', 'Processor', 'Report', 'Result'])).toBe(
      `use ${name}::{\n    Config, Engine, Error, Item, Outcome, Processor, Report, Result,\n};`,
    );
  });
});
