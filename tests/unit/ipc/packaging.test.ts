// electron-builder.yml cannot be exercised here (no Electron binary to package), so its shape is
// checked: valid against electron-builder's own schema, the four installer targets, better-sqlite3
// unpacked and rebuilt, the fuses set, the icons present and real.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { PROJECT_ROOT } from '../../helpers/transpile.mjs';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(PROJECT_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function targets(platform: string): string[] {
  return (config[platform].target as Array<{ target: string }>).map((t) => t.target);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('builds NSIS, DMG, AppImage and deb for LedgerFlow', () => {
    expect(config.productName).toBe('LedgerFlow');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
  });

  it('unpacks and rebuilds better-sqlite3 for Electron, and sets the fuses', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(config.electronVersion).toBe(pkg.devDependencies.electron);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, enableCookieEncryption: true });
  });

  it('packs what the app loads at run time', () => {
    const files = config.files as string[];
    for (const needed of ['dist/src-main/**/*.js', 'dist/src-main/**/*.cjs', 'dist/renderer/**/*', 'migrations/**/*.sql', 'resources/fonts/**/*', 'locales/**/*.json']) expect(files).toContain(needed);
  });

  it('points at real icons: PNGs and a Windows ICO', () => {
    const png = readFileSync(join(PROJECT_ROOT, config.mac.icon as string));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    const ico = readFileSync(join(PROJECT_ROOT, config.win.icon as string));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
    for (const size of [16, 32, 48, 256, 512]) expect(existsSync(join(PROJECT_ROOT, config.linux.icon as string, `${size}x${size}.png`))).toBe(true);
  });
});
