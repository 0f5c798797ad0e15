-- Ladoshka schema: an outbox row is delivered when the centre's acknowledgement covers its
-- sequence number (issue 24). `sync_state.acked_seq` already says so for every row at once, so
-- the per-row `sent_at` flag, written row by row when an acknowledgement came, and its partial
-- index go. Rows up to `acked_seq` have had their payload emptied; the rows after it keep theirs.

DROP INDEX outbox_unsent;
ALTER TABLE outbox DROP COLUMN sent_at;
