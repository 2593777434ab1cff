-- Per-business PDF choices: the business's own Typst template (a checked copy kept in the data
-- folder, relative path of its main .typ file; NULL = the built-in template) and PDF/A-2b output.
CREATE TABLE business_pdf_settings (
  business_id TEXT PRIMARY KEY REFERENCES businesses(id),
  template_path TEXT,
  template_checked_at TEXT,
  pdf_a INTEGER NOT NULL DEFAULT 1 CHECK (pdf_a IN (0, 1)),
  updated_at TEXT NOT NULL
);
