-- An order id is invoiced at most once per business. The key is taken in the same transaction that
-- issues the invoice, so re-running an orders file, generating imported orders that a file already
-- invoiced, or two processes running the same file at once can never invoice an order twice.
CREATE TABLE order_invoices (
  business_id TEXT NOT NULL REFERENCES businesses(id),
  order_id TEXT NOT NULL CHECK (length(order_id) > 0),
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  batch_id TEXT REFERENCES batches(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (business_id, order_id)
) WITHOUT ROWID;
CREATE INDEX order_invoices_by_invoice ON order_invoices (invoice_id);

-- Orders invoiced before this key existed: the first issued invoice of each order id owns it.
INSERT OR IGNORE INTO order_invoices (business_id, order_id, invoice_id, batch_id, created_at)
  SELECT business_id, json_extract(generation_metadata, '$.orderId'), id, batch_id, created_at
  FROM invoices
  WHERE kind != 'credit_note' AND number IS NOT NULL AND json_valid(generation_metadata)
    AND json_type(generation_metadata, '$.orderId') = 'text' AND length(json_extract(generation_metadata, '$.orderId')) > 0
  ORDER BY business_id, issued_at, seq;

-- Who runs a batch and when it last showed life: a batch still 'running' whose process is gone
-- (or whose heartbeat is old) is stale, and `batch resume` finishes it.
ALTER TABLE batches ADD COLUMN owner_pid INTEGER;
ALTER TABLE batches ADD COLUMN owner_host TEXT;
ALTER TABLE batches ADD COLUMN heartbeat_at TEXT;
-- Orders of the batch found already invoiced (by another batch): neither created nor failed.
ALTER TABLE batches ADD COLUMN already_invoiced_count INTEGER NOT NULL DEFAULT 0;
