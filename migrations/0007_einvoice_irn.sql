-- e-invoice registrations brought back from the IRP: one per invoice, with the IRN, the
-- acknowledgement and the signed QR string the PDF prints. A registration cancelled on the portal
-- keeps its row (cancelled_at, reason); only then may the invoice be voided locally.
CREATE TABLE einvoice_registrations (
  invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
  business_id TEXT NOT NULL REFERENCES businesses(id),
  irn TEXT NOT NULL CHECK (length(irn) = 64),
  ack_no TEXT NOT NULL,
  ack_date TEXT NOT NULL,
  signed_qr_code TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  cancelled_at TEXT,
  cancel_reason TEXT
);
CREATE UNIQUE INDEX einvoice_registrations_by_irn ON einvoice_registrations (business_id, irn);
