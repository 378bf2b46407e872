-- A create mark made as the call leaves is "sending" until the call ends: answered (the mark goes), failed (the mark
-- moves to the failure's time, sending false) or the hub stopped during it. While sending, no poll can tell whether
-- the vendor has the entity: the request may still be on its way when a poll reads the vendor's list.
ALTER TABLE create_in_flight ADD COLUMN sending boolean NOT NULL DEFAULT false;
