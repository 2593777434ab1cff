-- Credit and debit notes are found by the invoice they correct (the invoice's PDF, register row and
-- export list them). Without an index each lookup read every invoice of the business, so an export
-- of n invoices read n × n rows. The notes' order columns are in the index so that, without
-- statistics, the planner prefers it to invoices_by_date.
CREATE INDEX invoices_by_original ON invoices (business_id, original_invoice_id, issue_date, seq) WHERE original_invoice_id IS NOT NULL;
