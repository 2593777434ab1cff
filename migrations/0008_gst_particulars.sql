-- GST particulars (docs/TAX-RULES.md, section E): the delivery (ship-to) address of an invoice when
-- it differs from the billing address (CGST Rules r.46(e), (o)), and a default numbering series of
-- its own for bills of supply, so that they no longer share the tax-invoice series.
ALTER TABLE invoices ADD COLUMN ship_to TEXT;
ALTER TABLE businesses ADD COLUMN bill_of_supply_series_id TEXT REFERENCES series(id);

-- GST businesses from before get theirs now (code BOS, when the business has no series of that code).
INSERT INTO series (id, business_id, code, format, document_kind, created_at)
  SELECT lower(hex(randomblob(16))), b.id, 'BOS', 'BOS/{FYS}/{SEQ:5}', 'invoice', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM businesses b
  WHERE b.tax_regime = 'gst-in' AND NOT EXISTS (SELECT 1 FROM series s WHERE s.business_id = b.id AND s.code = 'BOS');
UPDATE businesses SET bill_of_supply_series_id = (
    SELECT s.id FROM series s WHERE s.business_id = businesses.id AND s.code = 'BOS' AND s.format = 'BOS/{FYS}/{SEQ:5}' AND s.document_kind = 'invoice')
  WHERE tax_regime = 'gst-in';
