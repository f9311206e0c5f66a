import { LiveOutput, liveMode, withoutProgress } from './live-output';

// Lines as cargo wrote them with CARGO_TERM_PROGRESS_WHEN=always into a file (real output):
// its bar, `\r`, then `ESC[K` and what replaces it.
const BAR_1 = '\u001b[1m\u001b[96m    Building\u001b[0m [========>                    ] 1/3: greet                       ';
const BAR_0 = '\u001b[1m\u001b[96m    Building\u001b[0m [                             ] 0/3: other, greet                ';
const COMPILING = '\u001b[1m\u001b[92m   Compiling\u001b[0m hello v0.1.0 (/WS/hello)';
const JSON_LINE = '{"reason":"compiler-artifact","manifest_path":"/WS/other/Cargo.toml"}';

function recorder(mode: 'terminal' | 'lines', env: NodeJS.ProcessEnv = {}) {
  let written = '';
  const live = new LiveOutput(mode, (text) => void (written += text), env);
  return { live, written: () => written };
}

describe('withoutProgress', () => {
  it("takes cargo's bars off the front of a line, and says which was last", () => {
    expect(withoutProgress(`${BAR_1}\r\u001b[K${COMPILING}`)).toEqual({ text: COMPILING, bar: BAR_1 });
    expect(withoutProgress(`${BAR_0}\r${BAR_1}\r\u001b[K${JSON_LINE}`)).toEqual({ text: JSON_LINE, bar: BAR_1 });
    expect(withoutProgress(JSON_LINE)).toEqual({ text: JSON_LINE });
  });

  it("leaves a program's own carriage returns alone", () => {
    expect(withoutProgress('50%\r100%')).toEqual({ text: '50%\r100%' });
  });
});

describe('LiveOutput', () => {
  it("in a log, writes cargo's status lines as they come, nothing else, and hands every line on without bars", () => {
    const { live, written } = recorder('lines');
    expect(live.line(`${BAR_1}\r\u001b[K${COMPILING}`)).toBe(COMPILING);
    expect(live.line(JSON_LINE)).toBe(JSON_LINE);
    live.line('error[E0308]: mismatched types');
    live.line('test tests::adds ... ok');
    live.line('\u001b[1m\u001b[92m    Finished\u001b[0m `dev` profile [unoptimized + debuginfo] target(s) in 0.38s');
    live.partial(BAR_0);
    live.end();
    expect(written()).toBe(`${COMPILING}\n\u001b[1m\u001b[92m    Finished\u001b[0m \`dev\` profile [unoptimized + debuginfo] target(s) in 0.38s\n`);
    expect(live.cargoEnv()).toEqual({});
  });

  it('in a terminal, also redraws the bar in place (once per change) and clears it when cargo is done', () => {
    const { live, written } = recorder('terminal', { COLUMNS: '120' });
    expect(live.cargoEnv()).toEqual({ CARGO_TERM_PROGRESS_WHEN: 'always', CARGO_TERM_PROGRESS_WIDTH: '100' });
    live.partial(BAR_0);
    live.partial(BAR_0);
    live.line(`${BAR_0}\r\u001b[K${COMPILING}`);
    live.partial(`${BAR_0}\r${BAR_1}`);
    live.end();
    expect(written()).toBe(`\r\u001b[K${BAR_0.trimEnd()}\r\u001b[K${COMPILING}\n\r\u001b[K${BAR_0.trimEnd()}\r\u001b[K${BAR_1.trimEnd()}\r\u001b[K`);
  });

  it("leaves cargo's progress settings to a user who made them", () => {
    expect(recorder('terminal', { CARGO_TERM_PROGRESS_WHEN: 'never' }).live.cargoEnv()).toEqual({});
  });
});

describe('liveMode', () => {
  it("draws progress under Nx's terminal UI, and in a terminal outside CI; writes lines otherwise", () => {
    expect(liveMode({ NX_TUI: 'true', CI: 'true' }, false)).toBe('terminal');
    expect(liveMode({ NX_TUI: 'false' }, true)).toBe('terminal');
    expect(liveMode({ NX_TUI: 'false', CI: 'true' }, true)).toBe('lines');
    expect(liveMode({ CI: 'false' }, true)).toBe('terminal');
    expect(liveMode({}, false)).toBe('lines');
  });
});
