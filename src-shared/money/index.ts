// Money for every layer: decimal.js arithmetic, currency scales, named roundings, minor units for
// storage, parsing and per-locale formatting. No JS number ever holds money.
export * from './currencies.js';
export * from './decimal.js';
export * from './minor-units.js';
export * from './fixed.js';
export * from './allocate.js';
export * from './parse.js';
export * from './format.js';
export * from './words.js';
