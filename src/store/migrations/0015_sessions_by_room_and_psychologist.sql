-- Ladoshka schema: a booking check reads only the sessions that share a room, a psychologist or
-- a child with the booking, over a few weeks (issue 24). Without these indexes it walked every
-- session of those weeks through `sessions_by_start` to test its room and psychologist; with them
-- it reads the room's and the psychologist's sessions of the window directly.

CREATE INDEX sessions_by_room ON sessions (room_id, starts_at);
CREATE INDEX sessions_by_psychologist ON sessions (psychologist_id, starts_at);
