import type { Configuration } from 'electron-builder';

type FuseOptions = NonNullable<Configuration['electronFuses']>;

/**
 * Desktop packages: deb and AppImage for Linux desks, an NSIS installer for Windows desks. Built from
 * `electron-vite build`'s out/ (nothing else of the repository goes in) by `npm run dist`; docs/security.md
 * says why each fuse is set the way it is, and main/shell/packaging.test.ts holds them there.
 */

/**
 * Fuses are flipped in the Electron binary itself, right before signing, so they hold whatever the
 * environment or command line says:
 * - no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect: the signed binary cannot be turned into a plain Node
 *   (or a debugger target) that runs someone else's script with the desk's data and keychain entries;
 * - app code only from app.asar, and on Windows/macOS only an app.asar whose hash the binary was built with;
 * - Chromium's cookie store encrypted with the OS keychain;
 * - no extra privileges for file:// pages (the app is served from app://, never file://).
 */
export const electronFuses = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
} as const satisfies FuseOptions;

const config: Configuration = {
  appId: 'by.pult.workstation',
  productName: 'Pult',
  copyright: 'Pult contributors, GPL-3.0-or-later',
  directories: { output: 'dist', buildResources: 'resources' },
  // The build output and the manifest; production node_modules are added by electron-builder itself.
  files: ['out/**', '!out/**/*.map', 'package.json'],
  asar: true,
  electronFuses,
  linux: {
    target: ['deb', 'AppImage'],
    icon: 'resources/icon.png',
    category: 'Office',
    executableName: 'pult',
    synopsis: 'Dispatcher workstation for field-service companies',
    maintainer: 'Pult contributors',
  },
  deb: {
    // The keychain: without a Secret Service, safeStorage falls back to a fixed key and Pult keeps no sign-in.
    recommends: ['gnome-keyring'],
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    license: 'LICENSE',
  },
};

export default config;
