-- The hash of the vendor's item as it came (with the mapping that read it): a poll that reads an item exactly
-- as before knows it unchanged without mapping it again, which matters when a list is read whole every time.
ALTER TABLE source_state ADD COLUMN item_hash text;
CREATE INDEX source_state_item_hash ON source_state (system, entity, item_hash);
