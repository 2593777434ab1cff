-- Everyday entry by hand: archiving (hidden from lists and pickers, data kept, still printed on
-- the invoices that used it) and a business's bank details for payment.
ALTER TABLE businesses ADD COLUMN archived_at TEXT;
ALTER TABLE businesses ADD COLUMN bank_details TEXT;
ALTER TABLE customers ADD COLUMN archived_at TEXT;
ALTER TABLE products ADD COLUMN archived_at TEXT;
-- Drafts are listed per business newest first on the invoice editor's "open draft" list.
CREATE INDEX invoices_drafts ON invoices (business_id, updated_at) WHERE status = 'draft';
