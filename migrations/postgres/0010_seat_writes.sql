-- A seat writes only what lf.push would accept from it, also when it writes the tables itself.
-- Seats hold direct privileges on lf.invoices and lf.invoice_lines (lf.push runs as the caller),
-- and the policies of version 1 checked only tenant and business, so a seat logged in with psql
-- could, inside its own business: insert an invoice numbered in another seat's series (taking that
-- seat's next number), add lines to an invoice already issued (its own or another seat's), and
-- void another seat's invoice or reword a void one. The rules lf.push applies are now the tables'
-- own, checked as the seat (RLS and the policies' helpers still decide from current_user):
--  * an invoice is inserted only in a series the seat holds, from a device of that seat, and an
--    audit entry only from a device of that seat;
--  * an invoice is updated (voided) only by the seat holding its series, and only issued -> void:
--    a void invoice stays void with its first reason, an issued one never changes otherwise;
--  * lines are inserted only for an invoice inserted, still issued, in this same transaction, in a
--    series the seat holds. That is checked once per statement, after it, over the statement's new
--    lines: a policy's sub-select runs in the statement's snapshot, and lf.push inserts an
--    invoice's lines in the same statement as the invoice, where they are not visible yet.
-- Not SECURITY DEFINER functions with the direct grants revoked: owned by the owner, lf.is_admin()
-- would be true inside them and the policies would show every tenant, so each would have to rebuild
-- the seat's identity from session_user; this keeps one identity (current_user) everywhere.
-- Each check is a primary-key lookup per inserted invoice or audit entry (series_leases, devices,
-- invoices).

CREATE POLICY seat_holds_series_insert ON lf.invoices AS RESTRICTIVE FOR INSERT
  WITH CHECK (
    EXISTS (SELECT 1 FROM lf.series_leases l
      WHERE l.tenant = invoices.tenant AND l.business_id = invoices.business_id AND l.series_code = invoices.series_code AND l.holder_role = current_user)
    AND EXISTS (SELECT 1 FROM lf.devices d
      WHERE d.tenant = invoices.tenant AND d.device_id = invoices.device_id AND d.role_name = current_user));

-- An audit entry names the device that recorded it: one of the seat's own (lf.push sends its own).
CREATE POLICY seat_own_device_audit ON lf.audit_entries AS RESTRICTIVE FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM lf.devices d
    WHERE d.tenant = audit_entries.tenant AND d.device_id = audit_entries.device_id AND d.role_name = current_user));

-- Also what SELECT ... FOR UPDATE may lock.
CREATE POLICY seat_holds_series_update ON lf.invoices AS RESTRICTIVE FOR UPDATE
  USING (EXISTS (SELECT 1 FROM lf.series_leases l
    WHERE l.tenant = invoices.tenant AND l.business_id = invoices.business_id AND l.series_code = invoices.series_code AND l.holder_role = current_user));

-- Only the void mark may change, only issued -> void. A repeated void keeps the first reason (so
-- a void sent again is still applied, never an error that would stop the push behind it).
CREATE OR REPLACE FUNCTION lf.invoices_immutable() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF (NEW.tenant, NEW.id, NEW.business_id, NEW.device_id, NEW.kind, NEW.series_code, NEW.fiscal_year, NEW.seq, NEW.number,
      NEW.issue_date, NEW.currency, NEW.total_minor, NEW.content_hash, NEW.data, NEW.received_at)
     IS DISTINCT FROM (OLD.tenant, OLD.id, OLD.business_id, OLD.device_id, OLD.kind, OLD.series_code, OLD.fiscal_year, OLD.seq, OLD.number,
      OLD.issue_date, OLD.currency, OLD.total_minor, OLD.content_hash, OLD.data, OLD.received_at) THEN
    RAISE EXCEPTION 'invoice % is issued; its content is immutable', OLD.number USING ERRCODE = '42501';
  END IF;
  IF OLD.status = 'void' THEN
    IF NEW.status IS DISTINCT FROM 'void' THEN
      RAISE EXCEPTION 'invoice % is void; a void invoice stays void', OLD.number USING ERRCODE = '42501';
    END IF;
    NEW.void_reason := OLD.void_reason;
  ELSIF NEW.status IS DISTINCT FROM 'void' THEN
    RAISE EXCEPTION 'invoice % is issued; an issued invoice only changes by being voided', OLD.number USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- An invoice's lines arrive with it. "Inserted in this transaction": the invoice's row version was
-- written by this transaction (xmin, compared with the top-level xid: a row written under a
-- savepoint is refused, and lf.push uses none) and is still issued (voiding writes a new version,
-- so "issued" keeps an older invoice voided in this transaction out; an issued -> issued update is
-- refused above).
-- Planned at every statement (EXECUTE), not kept for the session as lf.push's statements are: a
-- plan made while lf.invoices was still small (no statistics yet) looked the invoice up by the
-- (tenant, business, series, fiscal year, seq) index, tenant and business only, scanning the
-- business's invoices for each one (one seat's first 10,000 invoices: 3x the push's server CPU).
-- Planned with the table's current size, the lookup is by the primary key.
CREATE FUNCTION lf.invoice_lines_with_their_invoice() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_bad record;
BEGIN
  EXECUTE $q$
    SELECT n.invoice_id, n.business_id
    FROM (SELECT DISTINCT tenant, business_id, invoice_id FROM new_lines) AS n
    WHERE NOT coalesce((
      SELECT i.business_id = n.business_id AND i.xmin = pg_current_xact_id()::xid AND i.status = 'issued'
        AND EXISTS (SELECT 1 FROM lf.series_leases l
          WHERE l.tenant = i.tenant AND l.business_id = i.business_id AND l.series_code = i.series_code AND l.holder_role = current_user)
      FROM lf.invoices i WHERE i.tenant = n.tenant AND i.id = n.invoice_id), false)
    LIMIT 1 $q$ INTO v_bad;
  IF v_bad.invoice_id IS NOT NULL THEN
    RAISE EXCEPTION 'lines for invoice % of business %: that invoice was not issued in this transaction by this seat; an invoice''s lines arrive with it and never change',
      v_bad.invoice_id, v_bad.business_id USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_lines_with_their_invoice AFTER INSERT ON lf.invoice_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION lf.invoice_lines_with_their_invoice();
