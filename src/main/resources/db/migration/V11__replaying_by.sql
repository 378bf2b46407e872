-- The hub instance replaying a dead letter: a letter left replaying is settled once that instance is gone.
ALTER TABLE dead_letter ADD COLUMN replaying_by text;
