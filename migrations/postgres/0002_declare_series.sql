-- A seat declares the series it numbers from before its invoices arrive: a series nobody holds
-- yet is leased to it (so a business's first seat holds its invoice AND credit-note series from its
-- first push, and later seats can be given their own, derived from them). Returns, per series,
-- whether the caller holds it. Runs as the caller: RLS decides which businesses it may name.
CREATE FUNCTION lf.declare_series(p_series jsonb) RETURNS jsonb
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
    IF NOT (s.business_id = ANY (v_businesses)) OR s.document_kind NOT IN ('invoice', 'credit_note') OR coalesce(s.format, '') = '' THEN
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

DO $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION lf.declare_series(jsonb) TO %I', (SELECT seat_group FROM lf.meta));
  REVOKE EXECUTE ON FUNCTION lf.declare_series(jsonb) FROM PUBLIC;
END $$;
