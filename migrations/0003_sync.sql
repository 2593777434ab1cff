-- Sync bookkeeping of this data folder (a "device"). Every outbox row now carries the device id
-- and the local transaction it was written in (tx = the outbox seq of that transaction's first
-- row), so a push never splits a local transaction. outbox.seq is the per-device sequence.
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL,
  -- The seat this folder is connected as (role name) and where (user@host:port/db, no password).
  seat_role TEXT,
  server TEXT,
  connected_at TEXT,
  -- Pull cursor: the server transaction horizon already read.
  pull_cursor TEXT NOT NULL DEFAULT '0',
  -- audit_log rows up to this seq have been pushed.
  audit_cursor INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT
);
INSERT INTO sync_state (id, device_id) VALUES (1, lower(hex(randomblob(16))));

ALTER TABLE outbox ADD COLUMN device_id TEXT;
ALTER TABLE outbox ADD COLUMN tx INTEGER;
UPDATE outbox SET device_id = (SELECT device_id FROM sync_state WHERE id = 1), tx = seq;

-- Changes the server refused, with its reason; they no longer block the queue.
CREATE TABLE sync_errors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  outbox_seq INTEGER NOT NULL,
  business_id TEXT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);

-- The losing side of a concurrent edit of shared master data, kept and shown.
CREATE TABLE sync_conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  business_id TEXT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  losing_version INTEGER NOT NULL,
  losing_device TEXT NOT NULL,
  losing_data TEXT NOT NULL,
  winning_version INTEGER NOT NULL,
  winning_device TEXT NOT NULL,
  server_id TEXT UNIQUE,
  at TEXT NOT NULL
);

-- The last version of each shared master-data row this device knows (sent or pulled).
CREATE TABLE sync_versions (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
