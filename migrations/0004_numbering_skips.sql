-- Numbers a series skips on purpose: after a restore, every series continues after the highest
-- number ever taken on this machine, and the numbers taken after the backup (whose invoices are
-- not in the restored database) are recorded here so `check sequence` accounts for them instead
-- of reporting a gap. Written with a 'numbering.skip' audit entry in the same transaction.
CREATE TABLE numbering_skips (
  id TEXT PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses(id),
  series_id TEXT NOT NULL REFERENCES series(id),
  fiscal_year TEXT NOT NULL,
  from_seq INTEGER NOT NULL CHECK (from_seq >= 1),
  to_seq INTEGER NOT NULL CHECK (to_seq >= from_seq),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX numbering_skips_by_series ON numbering_skips (business_id, series_id, fiscal_year);
