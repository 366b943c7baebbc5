-- Alerts attached to an incident, first received first, at most the first 100 (enough to rank playbooks and
-- gather evidence; an incident of thousands of alerts must not cost thousands of rows per joining alert).
-- $1 incident id.
SELECT * FROM alerts WHERE incident_id = $1 ORDER BY first_received_at, id LIMIT 100
