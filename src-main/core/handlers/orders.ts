// orders.pending: the imported orders not invoiced yet, grouped as the engine will group them
// (by order id within one import), so the Generate screen can say what a batch from orders takes.
import { pendingOrders } from '../../db/repos/orders.js';
import type { Handler } from './types.js';

const SHOWN = 200;

export const ordersPending: Handler<'orders.pending'> = async (core, input) => core.store.read((db) => {
  const rows = pendingOrders(db, input.businessId);
  const groups = new Map<string, { orderId: string | null; date: string; customer: string | null; lines: number }>();
  rows.forEach((row, index) => {
    const key = row.order_ref ? `${row.import_id ?? ''}:${row.order_ref}` : `row:${index}`;
    const group = groups.get(key);
    if (group) group.lines += 1;
    else groups.set(key, { orderId: row.order_ref, date: row.order_date, customer: row.customer_name ?? row.customer_tax_id, lines: 1 });
  });
  const orders = [...groups.values()];
  return { count: orders.length, rows: rows.length, orders: orders.slice(0, SHOWN) };
});
