-- LedgerFlow schema, version 1: the whole design, so later features add rows, not reshape tables.
-- Money: INTEGER minor units + currency code (INR scale 2, BHD scale 3). Quantities, rates and
-- unit prices that may carry extra decimals are TEXT decimal strings. Ids are UUIDv7 text.
-- Every business-owned table has business_id (docs/ARCHITECTURE.md rule 3).

CREATE TABLE businesses (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  legal_name TEXT,
  address TEXT NOT NULL DEFAULT '',
  city TEXT,
  postal_code TEXT,
  state_code TEXT,
  country_code TEXT NOT NULL,
  tax_regime TEXT NOT NULL,
  tax_id TEXT,
  currency TEXT NOT NULL,
  fiscal_year_start_month INTEGER NOT NULL DEFAULT 4 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
  email TEXT,
  phone TEXT,
  logo TEXT,
  signature TEXT,
  signatory_name TEXT,
  tax_settings TEXT NOT NULL DEFAULT '{}',
  sandbox INTEGER NOT NULL DEFAULT 0 CHECK (sandbox IN (0, 1)),
  specimen_mark INTEGER NOT NULL DEFAULT 1 CHECK (specimen_mark IN (0, 1)),
  default_series_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  name_key TEXT NOT NULL,
  tax_id TEXT,
  state_code TEXT,
  country_code TEXT,
  address TEXT NOT NULL DEFAULT '',
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX customers_by_tax_id ON customers (business_id, upper(tax_id)) WHERE tax_id IS NOT NULL;
CREATE INDEX customers_by_name ON customers (business_id, name_key);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  sku TEXT,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  name_key TEXT NOT NULL,
  description TEXT,
  hsn TEXT,
  unit TEXT,
  kind TEXT NOT NULL DEFAULT 'goods' CHECK (kind IN ('goods', 'services')),
  price_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  tax_rate TEXT NOT NULL DEFAULT '0',
  tax_category TEXT NOT NULL DEFAULT 'standard',
  cess_rate TEXT NOT NULL DEFAULT '0',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX products_by_sku ON products (business_id, upper(sku)) WHERE sku IS NOT NULL;
CREATE INDEX products_by_name ON products (business_id, name_key);

-- A numbering series: format tokens {FY} (e.g. 2025-26), {FYS} (2526), {YYYY}, {SEQ:n}.
CREATE TABLE series (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  code TEXT NOT NULL,
  format TEXT NOT NULL,
  document_kind TEXT NOT NULL DEFAULT 'invoice' CHECK (document_kind IN ('invoice', 'credit_note')),
  created_at TEXT NOT NULL,
  UNIQUE (business_id, code)
);

-- Last sequence number handed out per (series, fiscal year); advanced only inside the
-- BEGIN IMMEDIATE transaction that writes the invoices using the numbers.
CREATE TABLE series_counters (
  business_id TEXT NOT NULL REFERENCES businesses(id),
  series_id TEXT NOT NULL REFERENCES series(id),
  fiscal_year TEXT NOT NULL,
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
  PRIMARY KEY (series_id, fiscal_year)
) WITHOUT ROWID;

CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  source TEXT NOT NULL CHECK (source IN ('orders', 'simulation', 'manual')),
  config TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'completed_with_errors', 'failed', 'cancelled')),
  trace_id TEXT NOT NULL,
  requested INTEGER NOT NULL DEFAULT 0,
  created_count INTEGER NOT NULL DEFAULT 0,
  failed_count INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  error TEXT
);
CREATE INDEX batches_by_business ON batches (business_id, started_at);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  kind TEXT NOT NULL CHECK (kind IN ('tax_invoice', 'simplified_tax_invoice', 'bill_of_supply', 'cash_memo', 'credit_note')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'void')),
  series_id TEXT REFERENCES series(id),
  fiscal_year TEXT,
  seq INTEGER,
  number TEXT,
  issue_date TEXT NOT NULL,
  supply_date TEXT,
  customer_id TEXT REFERENCES customers(id),
  customer_snapshot TEXT NOT NULL DEFAULT '{}',
  place_of_supply TEXT,
  supply_type TEXT NOT NULL DEFAULT 'regular' CHECK (supply_type IN ('regular', 'sez', 'export')),
  reverse_charge INTEGER NOT NULL DEFAULT 0,
  prices_include_tax INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  taxable_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  round_off_minor INTEGER NOT NULL DEFAULT 0,
  total_minor INTEGER NOT NULL,
  tax_result TEXT NOT NULL DEFAULT '{}',
  original_invoice_id TEXT REFERENCES invoices(id),
  batch_id TEXT REFERENCES batches(id),
  trace_id TEXT,
  generation_metadata TEXT,
  retry_count INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  pdf_sha256 TEXT,
  pdf_bytes INTEGER,
  void_reason TEXT,
  voided_at TEXT,
  issued_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK ((number IS NULL) = (seq IS NULL)),
  CHECK (seq IS NULL OR seq >= 1)
);
CREATE UNIQUE INDEX invoices_unique_seq ON invoices (business_id, series_id, fiscal_year, seq) WHERE seq IS NOT NULL;
CREATE UNIQUE INDEX invoices_unique_number ON invoices (business_id, upper(number)) WHERE number IS NOT NULL;
CREATE INDEX invoices_by_batch ON invoices (batch_id);
CREATE INDEX invoices_by_date ON invoices (business_id, issue_date);
CREATE INDEX invoices_by_customer ON invoices (business_id, customer_id);

CREATE TABLE invoice_lines (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  business_id TEXT NOT NULL REFERENCES businesses(id),
  position INTEGER NOT NULL,
  product_id TEXT REFERENCES products(id),
  description TEXT NOT NULL,
  hsn TEXT,
  unit TEXT,
  quantity TEXT NOT NULL,
  unit_price TEXT NOT NULL,
  discount_minor INTEGER NOT NULL DEFAULT 0,
  taxable_minor INTEGER NOT NULL,
  tax_rate TEXT NOT NULL,
  tax_category TEXT NOT NULL,
  components TEXT NOT NULL DEFAULT '[]',
  tax_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL,
  UNIQUE (invoice_id, position)
);

-- One row per unit of work in a batch: an order group or a simulated invoice. Failed items keep
-- their input so they can be retried without duplicating the good ones.
CREATE TABLE batch_items (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES batches(id),
  business_id TEXT NOT NULL REFERENCES businesses(id),
  position INTEGER NOT NULL,
  source_ref TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'failed')),
  invoice_id TEXT REFERENCES invoices(id),
  payload TEXT NOT NULL DEFAULT '{}',
  retry_count INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (batch_id, position)
);
CREATE INDEX batch_items_by_status ON batch_items (batch_id, status);

CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  kind TEXT NOT NULL CHECK (kind IN ('products', 'customers', 'orders')),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  sheet TEXT,
  mapping TEXT NOT NULL DEFAULT '[]',
  rows_valid INTEGER NOT NULL,
  rows_invalid INTEGER NOT NULL,
  created_count INTEGER NOT NULL,
  updated_count INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

-- Imported order rows awaiting invoicing (`batch --from`, or the Generate screen).
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  import_id TEXT REFERENCES imports(id),
  row_number INTEGER NOT NULL,
  order_ref TEXT,
  order_date TEXT NOT NULL,
  customer_name TEXT,
  customer_tax_id TEXT,
  customer_state TEXT,
  customer_country TEXT,
  customer_address TEXT,
  product_ref TEXT NOT NULL,
  quantity TEXT NOT NULL,
  unit_price TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invoiced')),
  invoice_id TEXT REFERENCES invoices(id),
  created_at TEXT NOT NULL
);
CREATE INDEX orders_pending ON orders (business_id, status);

CREATE TABLE exports (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  batch_id TEXT REFERENCES batches(id),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  invoice_count INTEGER NOT NULL,
  trace_id TEXT,
  created_at TEXT NOT NULL
);

-- Append-only, hash-chained (docs/ARCHITECTURE.md rule 8). hash = sha256(prev_hash || canonical row text).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  business_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  trace_id TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;

-- Changes to synced entities, appended in the same transaction as the change.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  business_id TEXT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  synced_at TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE synced_at IS NULL;

-- App-wide settings (the Settings screen); JSON values validated against the settings schema.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
