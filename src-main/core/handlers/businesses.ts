// businesses.*: the tenants. Creation goes through the repository, which validates with the
// business's tax plugin and audits in the same transaction.
import { createBusiness, getBusiness, listBusinesses, validateBusinessInput } from '../../db/repos/businesses.js';
import type { Handler } from './types.js';

export const businessesList: Handler<'businesses.list'> = async (core, input) => core.store.read((db) => listBusinesses(db).filter((b) => input.includeArchived || !b.archivedAt));

export const businessesGet: Handler<'businesses.get'> = async (core, input) => core.store.read((db) => getBusiness(db, input.id));

export const businessesCreate: Handler<'businesses.create'> = async (core, input, ctx) => {
  const checked = validateBusinessInput(input, core.plugins);
  const business = createBusiness(core.store, checked, ctx.actor);
  core.logger.info('business created', { businessId: business.id, regime: business.taxRegime, actor: ctx.actor });
  return business;
};
