-- Bills of supply are numbered in a series of their own (docs/TAX-RULES.md: a separate BOS
-- series), so a later seat needs its own bills-of-supply series lease as it has its own invoice
-- and credit-note ones. Leases now say which kind of series they are; a seat declares its
-- bills-of-supply series as 'bill_of_supply'.
ALTER TABLE lf.series_leases DROP CONSTRAINT series_leases_document_kind_check;
ALTER TABLE lf.series_leases ADD CONSTRAINT series_leases_document_kind_check CHECK (document_kind IN ('invoice', 'credit_note', 'bill_of_supply'));

-- Leases taken before: the bills-of-supply series a GST business is created with has code BOS.
UPDATE lf.series_leases SET document_kind = 'bill_of_supply' WHERE series_code = 'BOS' AND document_kind = 'invoice';

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
    IF NOT (s.business_id = ANY (v_businesses)) OR s.document_kind NOT IN ('invoice', 'credit_note', 'bill_of_supply') OR coalesce(s.format, '') = '' THEN
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
