// Format-valid tax ids for simulated B2B customers: GSTINs with a correct mod-36 check digit
// (docs/TAX-RULES.md A8) and 15-digit Bahrain VAT numbers. Fictitious by construction.
import { gstinCheckCharacter } from '../../src-shared/tax/gstin.js';
import type { Random } from './random.js';

export { gstinCheckCharacter };

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function makeGstin(stateCode: string, rng: Random): string {
  const letters = (n: number) => Array.from({ length: n }, () => rng.pick([...LETTERS])).join('');
  // PAN: 3 letters, entity type (C company, F firm, P person), 1 letter, 4 digits, 1 letter.
  const pan = `${letters(3)}${rng.pick(['C', 'F', 'P'])}${letters(1)}${String(rng.int(0, 9999)).padStart(4, '0')}${letters(1)}`;
  const first14 = `${stateCode}${pan}1Z`;
  return first14 + gstinCheckCharacter(first14);
}

export function makeBahrainVatNumber(rng: Random): string {
  return `2${String(rng.int(0, 99_999_999)).padStart(8, '0')}${String(rng.int(0, 99_999)).padStart(5, '0')}3`.slice(0, 15);
}
