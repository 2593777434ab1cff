// Reads of imported orders (the importer writes them; the engine marks them invoiced).
import type Database from 'better-sqlite3';
import { selectAll, sql } from '../sql.js';
import type { OrderRow } from '../types.js';

/** A business's orders not invoiced yet, in the order the engine takes them. */
export function pendingOrders(db: Database.Database, businessId: string): OrderRow[] {
  return selectAll<OrderRow>(db, sql`SELECT * FROM orders WHERE business_id = ${businessId} AND status = 'pending' ORDER BY order_date, row_number`);
}
