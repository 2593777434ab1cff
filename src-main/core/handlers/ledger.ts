// sequence.check and metrics.text: the integrity and health views.
import { checkSequence } from '../../numbering/numbering.js';
import { getBusiness } from '../../db/repos/businesses.js';
import type { Handler } from './types.js';

export const sequenceCheck: Handler<'sequence.check'> = async (core, input) => core.store.read((db) => {
  getBusiness(db, input.businessId);
  return checkSequence(db, input.businessId);
});

export const metricsText: Handler<'metrics.text'> = async (core) => ({ text: await core.metrics.text() });
