import { describe, expect, it } from 'vitest';
import { positionsConfig, providerFor } from './provider-config.js';
import { TraccarProvider } from './traccar-provider.js';
import { WialonProvider } from './wialon-provider.js';

describe('position provider settings', () => {
  it('no setting means no provider; each kind builds its own provider from its variables', () => {
    expect(providerFor(positionsConfig({}), () => [])).toBeNull();
    const wialon = providerFor(
      positionsConfig({
        PULT_POSITIONS: 'wialon',
        PULT_WIALON_URL: 'https://hst-api.wialon.com',
        PULT_WIALON_TOKEN: 'x',
      }),
      () => [],
    );
    expect(wialon?.provider).toBeInstanceOf(WialonProvider);
    const traccar = providerFor(
      positionsConfig({ PULT_POSITIONS: 'traccar', PULT_TRACCAR_URL: 'http://traccar:8082', PULT_TRACCAR_TOKEN: 'x' }),
      () => [],
    );
    expect(traccar?.provider).toBeInstanceOf(TraccarProvider);
    expect(positionsConfig({ PULT_POSITIONS: 'simulator' })).toEqual({
      PULT_POSITIONS: 'simulator',
      PULT_SIMULATOR_SEED: 1,
    });
  });

  it('a wrong setting names the variable and never echoes a token', () => {
    expect(() => positionsConfig({ PULT_POSITIONS: 'gps' })).toThrow(/PULT_POSITIONS must be one of/);
    expect(() => positionsConfig({ PULT_POSITIONS: 'wialon', PULT_WIALON_URL: 'https://w' })).toThrow(
      /PULT_WIALON_TOKEN/,
    );
    const leak = () =>
      positionsConfig({ PULT_POSITIONS: 'traccar', PULT_TRACCAR_URL: 'ftp://x', PULT_TRACCAR_TOKEN: 'sekret-123' });
    expect(leak).toThrow(/PULT_TRACCAR_URL/);
    expect(leak).not.toThrow(/sekret/);
  });
});
