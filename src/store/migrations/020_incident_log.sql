-- Incident log and history import (issue 4). Adds to 001_core, never edits it.

-- The digest of the history row an imported incident was last written from: a re-import of the same row
-- changes nothing, a changed row updates its incident.
ALTER TABLE incidents ADD COLUMN import_digest text;

-- Countermeasures and remediations that came from an import are replaced when their row changes; the ones a
-- person added later are kept.
ALTER TABLE countermeasures ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE remediations ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE remediations ADD COLUMN done_at timestamptz;
ALTER TABLE remediations ADD COLUMN done_by text;

-- The log is read newest first by when the incident started (impact start, else detection, else creation).
CREATE INDEX incidents_started_idx ON incidents ((coalesce(impact_started_at, detected_at, created_at)));
