-- The pending rows of one local transaction are found by its tx (the seq of its first row; null
-- only on that first row until the transaction names it). A push that cuts its batch inside a
-- transaction reads the transaction's last pending row: without this index that read walked every
-- pending row after the cut, the whole queue behind the batch, once per batch.
CREATE INDEX outbox_pending_by_tx ON outbox (coalesce(tx, seq), seq) WHERE synced_at IS NULL;
