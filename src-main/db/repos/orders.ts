// Reads of imported orders (the importer writes them; the engine marks them invoiced).
import type Database from 'better-sqlite3';
import { selectAll, selectMoney, sql } from '../sql.js';
import type { OrderRow, ProductRow } from '../types.js';

/** A business's orders not invoiced yet, in the order the engine takes them. */
export function pendingOrders(db: Database.Database, businessId: string): OrderRow[] {
  return selectAll<OrderRow>(db, sql`SELECT * FROM orders WHERE business_id = ${businessId} AND status = 'pending' ORDER BY order_date, row_number`);
}

/** Every product of a business (archived ones too, in stored order): what order rows are matched against by SKU or name. */
export function productsForOrders(db: Database.Database, businessId: string): ProductRow[] {
  return selectMoney<ProductRow>(db, sql`SELECT * FROM products WHERE business_id = ${businessId}`);
}
