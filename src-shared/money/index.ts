// Money for every layer: decimal.js arithmetic, currency scales, named roundings, BigInt minor
// units for storage and for the exact hot paths (fixed.ts), parsing and per-locale formatting.
// No JS number ever holds money (docs/ARCHITECTURE.md rule 1; eslint.config.js enforces it here and in
// src-main/tax).
export * from './currencies.js';
export * from './decimal.js';
export * from './minor-units.js';
export * from './fixed.js';
export * from './allocate.js';
export * from './parse.js';
export * from './format.js';
export * from './words.js';
