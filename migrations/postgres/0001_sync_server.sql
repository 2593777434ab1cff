-- LedgerFlow sync server, version 1. Applied by `ledgerflow sync init --url OWNER_URL` as the owner
-- role, which owns every object here; seats log in with their own roles (members of a per-database
-- seat group), own nothing, and see only their tenant's rows of the businesses they are bound to.
-- The tenant comes from the login (lf.seats keyed by current_user), never from a setting a client
-- could change. Row-level security is ENABLED and FORCED on every tenant table (so the owner is
-- held to the policies too; it reads everything through the admin policies for `sync check`).

CREATE TABLE lf.meta (
  id integer PRIMARY KEY CHECK (id = 1),
  owner_role text NOT NULL,
  seat_group text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
  g text := left('lf_seats_' || current_database(), 63);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION', g);
  END IF;
  INSERT INTO lf.meta (id, owner_role, seat_group) VALUES (1, current_user, g);
END $$;

-- Who is asking: read through RLS as the caller (SECURITY INVOKER), so a seat learns only its own
-- mapping. Wrapped in scalar sub-selects in the policies so they run once per statement.
CREATE TABLE lf.seats (
  role_name text PRIMARY KEY,
  tenant text NOT NULL,
  seat_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE lf.seat_businesses (
  role_name text NOT NULL REFERENCES lf.seats (role_name),
  tenant text NOT NULL,
  business_id text NOT NULL,
  PRIMARY KEY (role_name, business_id)
);
CREATE INDEX seat_businesses_by_business ON lf.seat_businesses (tenant, business_id);
-- Which tenant a business belongs to (admin only; fixed when its first seat is added).
CREATE TABLE lf.business_tenants (
  business_id text PRIMARY KEY,
  tenant text NOT NULL
);

CREATE FUNCTION lf.is_admin() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM lf.meta WHERE owner_role = current_user) $$;
CREATE FUNCTION lf.my_tenant() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT tenant FROM lf.seats WHERE role_name = current_user $$;
CREATE FUNCTION lf.my_businesses() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT coalesce(array_agg(business_id), '{}') FROM lf.seat_businesses WHERE role_name = current_user $$;

-- A device (one data folder) belongs to the seat role that first pushed from it, so one seat
-- cannot fill another's inbox keys.
CREATE TABLE lf.devices (
  tenant text NOT NULL,
  device_id text NOT NULL,
  role_name text NOT NULL,
  first_seen timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, device_id)
);

-- The inbox: one row per pushed outbox row, keyed by (tenant, device, per-device sequence). A
-- repeated push finds its key and returns the stored first result; the same key with other
-- content is a conflict.
CREATE TABLE lf.inbox (
  tenant text NOT NULL,
  device_id text NOT NULL,
  seq bigint NOT NULL,
  role_name text NOT NULL,
  tx bigint NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  op text NOT NULL,
  content_hash text NOT NULL,
  result jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, device_id, seq)
);

-- Master data shared by the seats of a business: last writer by (version, device id) wins.
CREATE TABLE lf.businesses (
  tenant text NOT NULL,
  id text NOT NULL,
  business_id text NOT NULL CHECK (business_id = id),
  version bigint NOT NULL CHECK (version >= 1),
  device_id text NOT NULL,
  data jsonb NOT NULL,
  changed_xid bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id)
);
CREATE TABLE lf.products (LIKE lf.businesses INCLUDING DEFAULTS, PRIMARY KEY (tenant, id));
CREATE TABLE lf.customers (LIKE lf.businesses INCLUDING DEFAULTS, PRIMARY KEY (tenant, id));
CREATE INDEX businesses_changed ON lf.businesses (tenant, changed_xid);
CREATE INDEX products_changed ON lf.products (tenant, changed_xid);
CREATE INDEX customers_changed ON lf.customers (tenant, changed_xid);

-- The losing side of every concurrent edit, kept and shown (never silently dropped).
CREATE TABLE lf.conflicts (
  id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  business_id text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  losing_version bigint NOT NULL,
  losing_device text NOT NULL,
  losing_data jsonb NOT NULL,
  winning_version bigint NOT NULL,
  winning_device text NOT NULL,
  changed_xid bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflicts_by_device ON lf.conflicts (tenant, losing_device, changed_xid);

-- A numbering series of a business is leased to one seat; only the holder's numbers are accepted.
CREATE TABLE lf.series_leases (
  tenant text NOT NULL,
  business_id text NOT NULL,
  series_code text NOT NULL,
  document_kind text NOT NULL CHECK (document_kind IN ('invoice', 'credit_note')),
  format text NOT NULL,
  holder_role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, business_id, series_code)
);

-- Issued invoices and credit notes: immutable once here, except the void mark.
CREATE TABLE lf.invoices (
  tenant text NOT NULL,
  id text NOT NULL,
  business_id text NOT NULL,
  device_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('issued', 'void')),
  series_code text NOT NULL,
  fiscal_year text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  number text NOT NULL,
  issue_date text NOT NULL,
  currency text NOT NULL,
  total_minor bigint NOT NULL,
  content_hash text NOT NULL,
  data jsonb NOT NULL,
  void_reason text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id),
  UNIQUE (tenant, business_id, series_code, fiscal_year, number),
  UNIQUE (tenant, business_id, series_code, fiscal_year, seq)
);
-- Only the void mark may change, and only one way.
CREATE FUNCTION lf.invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'void' AND NEW.status <> 'void' THEN
    RAISE EXCEPTION 'invoice % is void; a void invoice stays void', OLD.number USING ERRCODE = '42501';
  END IF;
  IF (NEW.id, NEW.tenant, NEW.business_id, NEW.number, NEW.seq, NEW.series_code, NEW.fiscal_year, NEW.content_hash, NEW.data)
     IS DISTINCT FROM (OLD.id, OLD.tenant, OLD.business_id, OLD.number, OLD.seq, OLD.series_code, OLD.fiscal_year, OLD.content_hash, OLD.data) THEN
    RAISE EXCEPTION 'invoice % is issued; its content is immutable', OLD.number USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE ON lf.invoices FOR EACH ROW EXECUTE FUNCTION lf.invoices_immutable();

CREATE TABLE lf.invoice_lines (
  tenant text NOT NULL,
  id text NOT NULL,
  business_id text NOT NULL,
  invoice_id text NOT NULL,
  position integer NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant, id),
  FOREIGN KEY (tenant, invoice_id) REFERENCES lf.invoices (tenant, id),
  UNIQUE (tenant, invoice_id, position)
);
CREATE TABLE lf.audit_entries (
  tenant text NOT NULL,
  id text NOT NULL,
  business_id text NOT NULL,
  device_id text NOT NULL,
  device_seq bigint NOT NULL,
  at text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant, id)
);

-- Row-level security: enabled and forced everywhere a tenant's data lives, USING and WITH CHECK.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['businesses', 'products', 'customers', 'invoices', 'invoice_lines', 'audit_entries', 'conflicts'] LOOP
    EXECUTE format('ALTER TABLE lf.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE lf.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY seat_rows ON lf.%I
      USING (tenant = (SELECT lf.my_tenant()) AND business_id = ANY ((SELECT lf.my_businesses())::text[]))
      WITH CHECK (tenant = (SELECT lf.my_tenant()) AND business_id = ANY ((SELECT lf.my_businesses())::text[]))$p$, t);
    EXECUTE format('CREATE POLICY admin_read ON lf.%I FOR SELECT USING ((SELECT lf.is_admin()))', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['seats', 'seat_businesses', 'business_tenants', 'devices', 'inbox', 'series_leases'] LOOP
    EXECUTE format('ALTER TABLE lf.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE lf.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY admin_all ON lf.%I USING ((SELECT lf.is_admin())) WITH CHECK ((SELECT lf.is_admin()))', t);
  END LOOP;
END $$;

CREATE POLICY own_seat ON lf.seats FOR SELECT USING (role_name = current_user);
CREATE POLICY own_bindings ON lf.seat_businesses FOR SELECT USING (role_name = current_user);
CREATE POLICY own_devices ON lf.devices
  USING (tenant = (SELECT lf.my_tenant()) AND role_name = current_user)
  WITH CHECK (tenant = (SELECT lf.my_tenant()) AND role_name = current_user);
CREATE POLICY own_inbox ON lf.inbox
  USING (tenant = (SELECT lf.my_tenant()) AND role_name = current_user)
  WITH CHECK (tenant = (SELECT lf.my_tenant()) AND role_name = current_user);
-- A seat sees the leases of its businesses (to know who holds what) and may claim a free series
-- for itself only.
CREATE POLICY seat_leases_read ON lf.series_leases FOR SELECT
  USING (tenant = (SELECT lf.my_tenant()) AND business_id = ANY ((SELECT lf.my_businesses())::text[]));
CREATE POLICY seat_leases_claim ON lf.series_leases FOR INSERT
  WITH CHECK (tenant = (SELECT lf.my_tenant()) AND business_id = ANY ((SELECT lf.my_businesses())::text[]) AND holder_role = current_user);

-- The push: applies one batch of a device's outbox rows (whole local transactions only) in the
-- caller's transaction, as the caller (RLS applies). Returns one result per row, in order.
CREATE FUNCTION lf.push(p_device text, p_items jsonb, p_audit jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  v_tenant text := lf.my_tenant();
  v_role text := current_user;
  v_businesses text[] := lf.my_businesses();
  v_xid bigint := pg_current_xact_id()::text::bigint;
  it record;
  v_first record;
  v_cur record;
  v_holder text;
  v_result jsonb;
  v_results jsonb[] := '{}';
  v_lines jsonb[] := '{}';
  v_hash text;
  v_inv jsonb;
  v_audit integer := 0;
  v_found boolean;
  v_claimed bigint[];
  v_conflict bigint;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'role % is not a LedgerFlow seat', v_role USING ERRCODE = '42501';
  END IF;
  IF p_device IS NULL OR length(p_device) = 0 OR length(p_device) > 100 THEN
    RAISE EXCEPTION 'a push needs its device id' USING ERRCODE = '22023';
  END IF;
  INSERT INTO lf.devices (tenant, device_id, role_name) VALUES (v_tenant, p_device, v_role) ON CONFLICT DO NOTHING;
  IF NOT EXISTS (SELECT 1 FROM lf.devices WHERE tenant = v_tenant AND device_id = p_device AND role_name = v_role) THEN
    RAISE EXCEPTION 'device % pushes for another seat', p_device USING ERRCODE = '42501';
  END IF;

  -- Claim every key first: a concurrent push of the same keys waits here for ours to commit,
  -- then finds them taken and returns the stored results.
  WITH ins AS (
    INSERT INTO lf.inbox (tenant, device_id, seq, role_name, tx, entity, entity_id, op, content_hash, result)
    SELECT v_tenant, p_device, x.seq, v_role, x.tx, x.entity, x.entity_id, x.op,
      encode(sha256(convert_to(jsonb_build_array(x.entity, x.entity_id, x.op, x.business_id, x.payload)::text, 'UTF8')), 'hex'), '{}'::jsonb
    FROM jsonb_to_recordset(p_items) AS x(seq bigint, tx bigint, entity text, entity_id text, op text, business_id text, payload jsonb)
    ON CONFLICT DO NOTHING
    RETURNING seq
  )
  SELECT coalesce(array_agg(seq), '{}') INTO v_claimed FROM ins;

  FOR it IN
    SELECT x.*, c.seq IS NOT NULL AS claimed,
      encode(sha256(convert_to(jsonb_build_array(x.entity, x.entity_id, x.op, x.business_id, x.payload)::text, 'UTF8')), 'hex') AS hash
    FROM jsonb_to_recordset(p_items) AS x(seq bigint, tx bigint, entity text, entity_id text, op text, business_id text,
        version bigint, payload jsonb, invoice jsonb, lines jsonb)
      LEFT JOIN unnest(v_claimed) AS c(seq) ON c.seq = x.seq
    ORDER BY x.seq
  LOOP
    IF NOT it.claimed THEN
      SELECT content_hash, result INTO v_first FROM lf.inbox WHERE tenant = v_tenant AND device_id = p_device AND seq = it.seq;
      IF v_first.content_hash = it.hash THEN
        v_results := array_append(v_results, v_first.result || jsonb_build_object('duplicate', true));
      ELSE
        v_results := array_append(v_results, jsonb_build_object('seq', it.seq, 'status', 'rejected', 'code', 'SEQ_CONFLICT', 'duplicate', false,
          'reason', format('device %s already pushed a different change as its sequence %s', p_device, it.seq)));
      END IF;
      CONTINUE;
    END IF;

    v_result := NULL;
    IF it.business_id IS NULL OR NOT (it.business_id = ANY (v_businesses)) THEN
      v_result := jsonb_build_object('status', 'rejected', 'code', 'FORBIDDEN', 'reason', format('business %s is not one this seat may write', coalesce(it.business_id, '(none)')));
    ELSIF it.entity = 'invoice' AND it.op = 'insert' THEN
      v_inv := it.invoice;
      IF v_inv IS NULL OR v_inv->>'series_code' IS NULL OR v_inv->>'number' IS NULL THEN
        v_result := jsonb_build_object('status', 'rejected', 'code', 'BAD_CHANGE', 'reason', 'an issued invoice must carry its series, number and content');
      ELSE
        SELECT holder_role INTO v_holder FROM lf.series_leases
          WHERE tenant = v_tenant AND business_id = it.business_id AND series_code = v_inv->>'series_code';
        IF NOT FOUND THEN
          -- A series nobody holds yet goes to the first seat that issues from it.
          INSERT INTO lf.series_leases (tenant, business_id, series_code, document_kind, format, holder_role)
          VALUES (v_tenant, it.business_id, v_inv->>'series_code', coalesce(v_inv->>'document_kind', 'invoice'), coalesce(v_inv->>'series_format', ''), v_role)
          ON CONFLICT DO NOTHING;
          SELECT holder_role INTO v_holder FROM lf.series_leases
            WHERE tenant = v_tenant AND business_id = it.business_id AND series_code = v_inv->>'series_code';
        END IF;
        v_hash := encode(sha256(convert_to(v_inv::text, 'UTF8')), 'hex');
        IF v_holder IS DISTINCT FROM v_role THEN
          v_result := jsonb_build_object('status', 'rejected', 'code', 'SERIES_NOT_HELD',
            'reason', format('invoice %s is numbered from series %s of business %s, which this seat does not hold', v_inv->>'number', v_inv->>'series_code', it.business_id));
        ELSE
          SELECT content_hash INTO v_cur FROM lf.invoices WHERE tenant = v_tenant AND id = it.entity_id;
          v_found := FOUND;
          IF v_found AND v_cur.content_hash = v_hash THEN
            v_result := jsonb_build_object('status', 'applied');
          ELSIF v_found THEN
            v_result := jsonb_build_object('status', 'rejected', 'code', 'IMMUTABLE', 'reason', format('invoice %s is issued on the server with other content; issued invoices are immutable', v_inv->>'number'));
          ELSIF EXISTS (SELECT 1 FROM lf.invoices WHERE tenant = v_tenant AND business_id = it.business_id AND series_code = v_inv->>'series_code'
                          AND fiscal_year = v_inv->>'fiscal_year' AND (number = v_inv->>'number' OR seq = (v_inv->>'seq')::integer)) THEN
            v_result := jsonb_build_object('status', 'rejected', 'code', 'NUMBER_TAKEN', 'reason', format('number %s (series %s, fiscal year %s) is already used by another invoice', v_inv->>'number', v_inv->>'series_code', v_inv->>'fiscal_year'));
          ELSE
            INSERT INTO lf.invoices (tenant, id, business_id, device_id, kind, status, series_code, fiscal_year, seq, number, issue_date, currency, total_minor, content_hash, data)
            VALUES (v_tenant, it.entity_id, it.business_id, p_device, v_inv->>'kind', 'issued', v_inv->>'series_code', v_inv->>'fiscal_year', (v_inv->>'seq')::integer,
              v_inv->>'number', v_inv->>'issue_date', v_inv->>'currency', (v_inv->>'total_minor')::bigint, v_hash, v_inv);
            IF it.lines IS NOT NULL THEN
              v_lines := array_append(v_lines, it.lines);
            END IF;
            v_result := jsonb_build_object('status', 'applied');
          END IF;
        END IF;
      END IF;
    ELSIF it.entity = 'invoice' AND it.op = 'update' THEN
      IF it.payload->>'status' = 'void' THEN
        UPDATE lf.invoices SET status = 'void', void_reason = it.payload->>'reason'
          WHERE tenant = v_tenant AND id = it.entity_id AND business_id = it.business_id;
        IF FOUND THEN
          v_result := jsonb_build_object('status', 'applied');
        ELSE
          v_result := jsonb_build_object('status', 'rejected', 'code', 'UNKNOWN_INVOICE', 'reason', format('invoice %s is not on the server, so it cannot be voided there', it.entity_id));
        END IF;
      ELSE
        v_result := jsonb_build_object('status', 'rejected', 'code', 'IMMUTABLE', 'reason', format('invoice %s: an issued invoice only changes by being voided or credited', it.entity_id));
      END IF;
    ELSIF it.entity IN ('business', 'product', 'customer') AND it.op IN ('insert', 'update') THEN
      IF it.version IS NULL OR it.version < 1 OR it.payload IS NULL THEN
        v_result := jsonb_build_object('status', 'rejected', 'code', 'BAD_CHANGE', 'reason', format('%s %s: a master-data change needs its version and row', it.entity, it.entity_id));
      ELSIF it.entity = 'business' AND it.entity_id <> it.business_id THEN
        v_result := jsonb_build_object('status', 'rejected', 'code', 'BAD_CHANGE', 'reason', format('business %s: row id and business id differ', it.entity_id));
      ELSE
        EXECUTE format('SELECT version, device_id, data, business_id FROM lf.%I WHERE tenant = $1 AND id = $2 FOR UPDATE', it.entity || CASE WHEN it.entity = 'business' THEN 'es' ELSE 's' END)
          INTO v_cur USING v_tenant, it.entity_id;
        IF v_cur.version IS NULL THEN
          EXECUTE format('INSERT INTO lf.%I (tenant, id, business_id, version, device_id, data, changed_xid) VALUES ($1, $2, $3, $4, $5, $6, $7)', it.entity || CASE WHEN it.entity = 'business' THEN 'es' ELSE 's' END)
            USING v_tenant, it.entity_id, it.business_id, it.version, p_device, it.payload, v_xid;
          v_result := jsonb_build_object('status', 'applied', 'version', it.version);
        ELSIF v_cur.business_id <> it.business_id THEN
          v_result := jsonb_build_object('status', 'rejected', 'code', 'FORBIDDEN', 'reason', format('%s %s belongs to another business', it.entity, it.entity_id));
        ELSIF (it.version, p_device) = (v_cur.version, v_cur.device_id) THEN
          v_result := jsonb_build_object('status', 'applied', 'version', it.version);
        ELSIF (it.version, p_device) > (v_cur.version, v_cur.device_id) THEN
          EXECUTE format('UPDATE lf.%I SET version = $3, device_id = $4, data = $5, changed_xid = $6, updated_at = now() WHERE tenant = $1 AND id = $2', it.entity || CASE WHEN it.entity = 'business' THEN 'es' ELSE 's' END)
            USING v_tenant, it.entity_id, it.version, p_device, it.payload, v_xid;
          IF v_cur.version >= it.version AND v_cur.device_id <> p_device THEN
            -- A concurrent edit from another seat lost the tie: keep it for that seat to see.
            INSERT INTO lf.conflicts (tenant, business_id, entity, entity_id, losing_version, losing_device, losing_data, winning_version, winning_device, changed_xid)
            VALUES (v_tenant, it.business_id, it.entity, it.entity_id, v_cur.version, v_cur.device_id, v_cur.data, it.version, p_device, v_xid);
          END IF;
          v_result := jsonb_build_object('status', 'applied', 'version', it.version);
        ELSE
          INSERT INTO lf.conflicts (tenant, business_id, entity, entity_id, losing_version, losing_device, losing_data, winning_version, winning_device, changed_xid)
          VALUES (v_tenant, it.business_id, it.entity, it.entity_id, it.version, p_device, it.payload, v_cur.version, v_cur.device_id, v_xid)
          RETURNING id INTO v_conflict;
          v_result := jsonb_build_object('status', 'superseded', 'version', v_cur.version, 'conflict_id', v_conflict,
            'winner', jsonb_build_object('version', v_cur.version, 'device', v_cur.device_id, 'data', v_cur.data));
        END IF;
      END IF;
    ELSE
      v_result := jsonb_build_object('status', 'rejected', 'code', 'UNSUPPORTED', 'reason', format('%s %s of %s is not a change the server accepts', it.op, it.entity, it.entity_id));
    END IF;
    v_results := array_append(v_results, v_result || jsonb_build_object('seq', it.seq, 'duplicate', false));
  END LOOP;

  -- Lines of the invoices applied above, in one statement.
  IF array_length(v_lines, 1) > 0 THEN
    INSERT INTO lf.invoice_lines (tenant, id, business_id, invoice_id, position, data)
    SELECT v_tenant, l->>'id', l->>'business_id', l->>'invoice_id', (l->>'position')::integer, l
    FROM unnest(v_lines) AS s(arr), jsonb_array_elements(s.arr) AS l
    ON CONFLICT DO NOTHING;
  END IF;

  -- The first results, stored for repeated pushes of the same keys.
  UPDATE lf.inbox AS i SET result = r.value
  FROM unnest(v_results) AS r(value)
  WHERE i.tenant = v_tenant AND i.device_id = p_device AND i.seq = (r.value->>'seq')::bigint
    AND NOT (r.value->>'duplicate')::boolean AND i.result = '{}'::jsonb;

  IF p_audit IS NOT NULL AND jsonb_array_length(p_audit) > 0 THEN
    INSERT INTO lf.audit_entries (tenant, id, business_id, device_id, device_seq, at, action, entity, entity_id, data)
    SELECT v_tenant, a->>'id', a->>'business_id', p_device, (a->>'seq')::bigint, a->>'at', a->>'action', a->>'entity', a->>'entity_id', a
    FROM jsonb_array_elements(p_audit) AS a
    WHERE a->>'business_id' = ANY (v_businesses)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_audit = ROW_COUNT;
  END IF;

  RETURN jsonb_build_object('results', to_jsonb(v_results), 'audit', v_audit);
END
$fn$;

-- What a seat reads on pull: master data changed by transactions below the snapshot's horizon.
-- Plain SELECTs under RLS; no function needed.

-- Privileges: the seat group may read and write through RLS, never delete, never own.
DO $$
DECLARE
  g text := (SELECT seat_group FROM lf.meta);
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), g);
  EXECUTE format('GRANT USAGE ON SCHEMA lf TO %I', g);
  EXECUTE format('GRANT SELECT ON lf.meta, lf.seats, lf.seat_businesses TO %I', g);
  EXECUTE format('GRANT SELECT, INSERT ON lf.devices, lf.inbox, lf.series_leases, lf.invoice_lines, lf.audit_entries, lf.conflicts TO %I', g);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON lf.businesses, lf.products, lf.customers TO %I', g);
  EXECUTE format('GRANT SELECT, INSERT ON lf.invoices TO %I', g);
  EXECUTE format('GRANT UPDATE (status, void_reason) ON lf.invoices TO %I', g);
  EXECUTE format('GRANT UPDATE (result) ON lf.inbox TO %I', g);
  EXECUTE format('GRANT USAGE ON SEQUENCE lf.conflicts_id_seq TO %I', g);
  EXECUTE format('GRANT EXECUTE ON FUNCTION lf.push(text, jsonb, jsonb), lf.my_tenant(), lf.my_businesses(), lf.is_admin() TO %I', g);
  EXECUTE format('REVOKE EXECUTE ON FUNCTION lf.push(text, jsonb, jsonb) FROM PUBLIC');
END $$;
