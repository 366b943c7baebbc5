-- What triage reads and writes for every alert, kept cheap as the alert log grows (an alert storm of thousands in an
-- hour):
-- - an incident's alert count is kept on the incident by the attach (only attaching sets alerts.incident_id), so a
--   big incident's n-th alert costs no count of the n before it;
-- - attaching an alert updates its incident's row (last alert time, count) and nothing indexed, so PostgreSQL can
--   update it in place (a heap-only update) instead of adding a version to every index of the table: the index on
--   the last alert time made each attach one more entry in the incident's full-text and trigram indexes, and the
--   active incidents' scan walked thousands of dead versions (PGlite has no autovacuum). Active incidents are found
--   through incidents_status_idx instead; free space is left in the pages for those in-place updates;
-- - the undecided alerts (firing, in no incident) and an incident's firing alerts get partial indexes, small
--   whatever the size of the log.
ALTER TABLE incidents ADD COLUMN alert_count integer NOT NULL DEFAULT 0;
UPDATE incidents SET alert_count = counted.alerts
FROM (SELECT incident_id, count(*)::int AS alerts FROM alerts WHERE incident_id IS NOT NULL GROUP BY incident_id) counted
WHERE incidents.id = counted.incident_id;
DROP INDEX incidents_active_idx;
ALTER TABLE incidents SET (fillfactor = 70);
ALTER TABLE alerts SET (fillfactor = 80);
CREATE INDEX alerts_undecided_idx ON alerts (first_received_at) WHERE status = 'firing' AND incident_id IS NULL;
CREATE INDEX alerts_incident_firing_idx ON alerts (incident_id) WHERE status = 'firing';
