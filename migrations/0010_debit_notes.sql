-- ledgerflow: foreign_keys=off
-- Debit notes (CGST Act s.34(3), r.53(1A); docs/TAX-RULES.md D5): invoices.kind and
-- series.document_kind gain 'debit_note'. SQLite cannot change a CHECK constraint in place, so both
-- tables are rebuilt by SQLite's documented procedure (sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"): the migration runner turns foreign keys off before this
-- file's transaction (the first line above asks it to), each table is created anew, its rows
-- copied, the old table dropped and the new one renamed, its indexes created again, and
-- `PRAGMA foreign_key_check` run before commit. Neither table has triggers or views on it.

CREATE TABLE new_series (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  code TEXT NOT NULL,
  format TEXT NOT NULL,
  document_kind TEXT NOT NULL DEFAULT 'invoice' CHECK (document_kind IN ('invoice', 'credit_note', 'debit_note')),
  created_at TEXT NOT NULL,
  UNIQUE (business_id, code)
);
INSERT INTO new_series (id, business_id, code, format, document_kind, created_at)
  SELECT id, business_id, code, format, document_kind, created_at FROM series;
DROP TABLE series;
ALTER TABLE new_series RENAME TO series;

CREATE TABLE new_invoices (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  kind TEXT NOT NULL CHECK (kind IN ('tax_invoice', 'simplified_tax_invoice', 'bill_of_supply', 'cash_memo', 'credit_note', 'debit_note')),
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
  ship_to TEXT,
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK ((number IS NULL) = (seq IS NULL)),
  CHECK (seq IS NULL OR seq >= 1)
);
INSERT INTO new_invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, supply_date, customer_id, customer_snapshot,
    place_of_supply, supply_type, reverse_charge, prices_include_tax, currency, taxable_minor, tax_minor, round_off_minor, total_minor, tax_result,
    original_invoice_id, batch_id, trace_id, generation_metadata, retry_count, last_error, pdf_sha256, pdf_bytes, void_reason, voided_at, issued_at,
    created_at, updated_at, ship_to)
  SELECT id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, supply_date, customer_id, customer_snapshot,
    place_of_supply, supply_type, reverse_charge, prices_include_tax, currency, taxable_minor, tax_minor, round_off_minor, total_minor, tax_result,
    original_invoice_id, batch_id, trace_id, generation_metadata, retry_count, last_error, pdf_sha256, pdf_bytes, void_reason, voided_at, issued_at,
    created_at, updated_at, ship_to
  FROM invoices;
DROP TABLE invoices;
ALTER TABLE new_invoices RENAME TO invoices;

CREATE UNIQUE INDEX invoices_unique_seq ON invoices (business_id, series_id, fiscal_year, seq) WHERE seq IS NOT NULL;
CREATE UNIQUE INDEX invoices_unique_number ON invoices (business_id, upper(number)) WHERE number IS NOT NULL;
CREATE INDEX invoices_by_batch ON invoices (batch_id);
CREATE INDEX invoices_by_date ON invoices (business_id, issue_date);
CREATE INDEX invoices_by_customer ON invoices (business_id, customer_id);
CREATE INDEX invoices_drafts ON invoices (business_id, updated_at) WHERE status = 'draft';
