-- Where a push's server time went, measured with perf on a backend applying a seat's batches
-- (tests/bench/sync.ts; docs/ARCHITECTURE.md "Sync push: where the server's time goes"):
--  * the policies' (SELECT lf.my_tenant()) and (SELECT lf.my_businesses()) run once per statement,
--    as intended, but a SQL-language function that is not inlined is parsed, analysed and planned
--    again at every call: with ~20 statements per push call that was ~8% of the backend's CPU.
--    The same queries in PL/pgSQL keep their plans for the session. Same results, same caller
--    (SECURITY INVOKER: they still read lf.seats and lf.seat_businesses through RLS as the caller).
--  * lf.push's statements were planned afresh at every call with the batch inlined as a constant
--    (several MB copied by the planner per statement); a generic plan is made once per session.
--    Its statements are keyed lookups and scans of the batch, whose plans do not depend on values.
CREATE OR REPLACE FUNCTION lf.is_admin() RETURNS boolean LANGUAGE plpgsql STABLE AS
$$ BEGIN RETURN EXISTS (SELECT 1 FROM lf.meta WHERE owner_role = current_user); END $$;
CREATE OR REPLACE FUNCTION lf.my_tenant() RETURNS text LANGUAGE plpgsql STABLE AS
$$ BEGIN RETURN (SELECT tenant FROM lf.seats WHERE role_name = current_user); END $$;
CREATE OR REPLACE FUNCTION lf.my_businesses() RETURNS text[] LANGUAGE plpgsql STABLE AS
$$ BEGIN RETURN (SELECT coalesce(array_agg(business_id), '{}') FROM lf.seat_businesses WHERE role_name = current_user); END $$;

ALTER FUNCTION lf.push(text, jsonb, jsonb) SET plan_cache_mode = force_generic_plan;
