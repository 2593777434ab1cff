// The check a seat runs before declaring its series: a new series whose numbers can coincide with
// a leased one of the same business (any holder), or with one accepted before it in the same call,
// is refused with both series and a number named; a leased code, another business's series and a
// pattern that cannot coincide are declared.
import { describe, expect, it } from 'vitest';
import type { DeclaredSeries } from '../../../src-main/db/repos/sync.js';
import { checkAgainstLeases } from '../../../src-main/sync/series-overlap.js';

const series = (business_id: string, code: string, format: string): DeclaredSeries => ({ business_id, code, format, document_kind: 'invoice' });
const lease = (business_id: string, series_code: string, format: string, holder_role = 'lf_counter_1') => ({ business_id, series_code, format, holder_role });
const months = new Map([['b1', 4], ['b2', 4]]);
const today = '2026-06-01';

describe('checkAgainstLeases', () => {
  it('refuses a new series that can give a number a leased series of the business gives', () => {
    const { declare, refused } = checkAgainstLeases([series('b1', 'X', 'INV/{SEQ:3}')], [lease('b1', 'INV', 'INV/{SEQ}')], months, today, 'lf_counter_2');
    expect(declare).toEqual([]);
    expect(refused).toEqual([{ businessId: 'b1', code: 'X', format: 'INV/{SEQ:3}', reason: 'series X (INV/{SEQ:3}) can give INV/100 in fiscal year 2026-27, as series INV (INV/{SEQ}) held by seat lf_counter_1 does; numbers must be unique in a fiscal year: issue from this seat\'s own series' }]);
  });

  it('declares a series that cannot coincide, one already leased, and one of another business', () => {
    const mine = [series('b1', 'INV2', 'INV2/{SEQ}'), series('b1', 'INV', 'INV/{SEQ}'), series('b2', 'Y', 'INV/{SEQ:3}')];
    const { declare, refused } = checkAgainstLeases(mine, [lease('b1', 'INV', 'INV/{SEQ}')], months, today, 'lf_counter_2');
    expect(refused).toEqual([]);
    expect(declare.map((s) => `${s.business_id}:${s.code}`)).toEqual(['b1:INV2', 'b1:INV', 'b2:Y']);
  });

  it('compares series declared in the same call with each other', () => {
    const { declare, refused } = checkAgainstLeases([series('b1', 'A', 'Q/{SEQ:4}'), series('b1', 'B', 'Q/{SEQ:5}')], [], months, today, 'lf_counter_2');
    expect(declare.map((s) => s.code)).toEqual(['A']);
    expect(refused.map((r) => r.code)).toEqual(['B']);
    expect(refused[0]!.reason).toContain('as series A (Q/{SEQ:4}) held by seat lf_counter_2 does');
  });

  it('uses the business\'s fiscal-year start month for patterns that name the year', () => {
    // Both give FY-labelled numbers; they coincide in the same fiscal year whatever its start.
    const { refused } = checkAgainstLeases([series('b1', 'X', 'S/{FYS}/{SEQ:2}')], [lease('b1', 'S', 'S/{FYS}/{SEQ}')], new Map([['b1', 1]]), today, 'me');
    expect(refused[0]!.reason).toMatch(/can give S\/\d+\/10 in fiscal year 2026,/);
  });
});
