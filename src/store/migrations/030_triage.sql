-- Triage state on incidents: the entity tokens alerts are grouped by, and the time of the last alert joined.
ALTER TABLE incidents ADD COLUMN entities text[] NOT NULL DEFAULT '{}';
ALTER TABLE incidents ADD COLUMN last_alert_at timestamptz;
CREATE INDEX incidents_active_idx ON incidents (last_alert_at) WHERE status IN ('open', 'mitigated');
