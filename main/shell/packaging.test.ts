import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import config, { electronFuses } from '../../electron-builder.js';

/**
 * The desktop package's fuses are part of its security: one left at Electron's default turns the signed
 * binary into a Node that runs any script (ELECTRON_RUN_AS_NODE) or loads code from outside app.asar. These
 * tests read the packaging config and ask electron-builder itself which fuse wires it would write.
 */

const require = createRequire(import.meta.url);
/** electron-builder's own copy of @electron/fuses: the one whose wire numbers it writes into the binary. */
const builderRequire = createRequire(require.resolve('app-builder-lib'));
const { FuseV1Options } = builderRequire('@electron/fuses') as { FuseV1Options: Record<string, number> };
type FuseWires = Record<number, boolean | undefined>;
const { PlatformPackager } = builderRequire('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<FuseWires> } };
};

const SECURE_FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false,
} as const;

describe('the desktop package', () => {
  it('is configured with the secure fuse settings, and uses them', () => {
    expect(config.electronFuses).toBe(electronFuses);
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('makes electron-builder write exactly those fuse wires into the binary (no setting silently dropped)', async () => {
    const wires = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    for (const [name, value] of Object.entries(SECURE_FUSES)) {
      const wire = FuseV1Options[name];
      expect(wire, `${name} is a fuse this electron-builder knows`).toBeTypeOf('number');
      expect(wires[wire ?? -1], name).toBe(value);
    }
    const written = Object.keys(wires).filter((key) => /^\d+$/.test(key));
    expect(written).toHaveLength(Object.keys(SECURE_FUSES).length);
  });

  it('builds deb and AppImage for Linux and an NSIS installer for Windows, from the build output only', () => {
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**', '!out/**/*.map', 'package.json']);
  });
});
