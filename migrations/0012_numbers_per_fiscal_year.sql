-- An issued number is unique per (business, fiscal year), not per business: GST Rule 46(b) asks for
-- a serial number "unique for a financial year", and every series starts again at 1 in a new one,
-- so a series without a year in its pattern (SHOP1-{SEQ}) issues SHOP1-1 in 2025-26 and again in
-- 2026-27. Still refused: the same number twice in one fiscal year, in any series or letter case.
-- The constraint is a unique index, not part of the table's definition, so no table is rebuilt:
-- dropping and creating the index changes no row.
DROP INDEX invoices_unique_number;
CREATE UNIQUE INDEX invoices_unique_number ON invoices (business_id, fiscal_year, upper(number)) WHERE number IS NOT NULL;
