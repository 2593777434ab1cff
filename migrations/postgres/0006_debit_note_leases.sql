-- Debit notes (GST s.34(3), r.53(1A)) are numbered in a series of their own (DN/{FYS}/{SEQ:5},
-- document kind 'debit_note' in the seat's SQLite schema from its migration 0010). A seat declares
-- that series and pushes debit notes naming it, so leases accept the kind. lf.invoices.kind has no
-- CHECK on the server: debit notes are stored as any other issued document.
ALTER TABLE lf.series_leases DROP CONSTRAINT series_leases_document_kind_check;
ALTER TABLE lf.series_leases ADD CONSTRAINT series_leases_document_kind_check CHECK (document_kind IN ('invoice', 'credit_note', 'debit_note', 'bill_of_supply'));

CREATE OR REPLACE FUNCTION lf.declare_series(p_series jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  v_tenant text := lf.my_tenant();
  v_businesses text[] := lf.my_businesses();
  v_out jsonb[] := '{}';
  s record;
  v_holder text;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'role % is not a LedgerFlow seat', current_user USING ERRCODE = '42501';
  END IF;
  FOR s IN SELECT * FROM jsonb_to_recordset(p_series) AS x(business_id text, code text, document_kind text, format text) LOOP
    IF NOT (s.business_id = ANY (v_businesses)) OR s.document_kind NOT IN ('invoice', 'credit_note', 'debit_note', 'bill_of_supply') OR coalesce(s.format, '') = '' THEN
      CONTINUE;
    END IF;
    INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role)
    VALUES (v_tenant, s.business_id, s.code, s.document_kind, s.format, current_user)
    ON CONFLICT DO NOTHING;
    SELECT holder_role INTO v_holder FROM lf.series_leases WHERE tenant = v_tenant AND business_id = s.business_id AND series_code = s.code;
    v_out := array_append(v_out, jsonb_build_object('business_id', s.business_id, 'code', s.code, 'held', v_holder = current_user));
  END LOOP;
  RETURN to_jsonb(v_out);
END
$fn$;
