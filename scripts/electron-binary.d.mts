// Types for electron-binary.mjs (plain JS so `npm start` runs it without a build).
export type ElectronBinary = { ok: true; binary: string } | { ok: false; reason: string };
export declare function electronBinary(env?: NodeJS.ProcessEnv): ElectronBinary;
export declare function electronRunnable(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): ElectronBinary;
