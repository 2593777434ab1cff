-- Per-business choice of how the built-in template lays out its tables: as Typst tables, tagged
-- as tables in the PDF for screen readers (the default: about 15% more CPU for compile and export
-- than the other layout, measured, under the 20% an option that is on by default may cost), or as
-- rows of fixed-width blocks, a little faster, whose text is tagged as plain content.
-- Existing businesses keep what they had: tagged tables.
ALTER TABLE business_pdf_settings ADD COLUMN table_tags INTEGER NOT NULL DEFAULT 1 CHECK (table_tags IN (0, 1));
