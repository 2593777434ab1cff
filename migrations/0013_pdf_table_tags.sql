-- Per-business choice of how the built-in template lays out its tables: as Typst tables, tagged
-- as tables in the PDF for screen readers (about 30% more CPU per invoice, measured), or as rows
-- of fixed-width blocks (the default). Existing businesses get the default: rows of blocks.
ALTER TABLE business_pdf_settings ADD COLUMN table_tags INTEGER NOT NULL DEFAULT 0 CHECK (table_tags IN (0, 1));
