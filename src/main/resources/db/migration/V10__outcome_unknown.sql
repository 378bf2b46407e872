-- A dead letter whose call may have been applied by the vendor: replayed only one by one, by an operator who checked.
ALTER TABLE dead_letter ADD COLUMN outcome_unknown boolean NOT NULL DEFAULT false;
