-- What triage made of some alert episodes, for the worker's log line after a job: who the alert is and its
-- decision columns, nothing else (no payload, no trace). $1 alert ids (bigint[]).
SELECT id, source, rule, service, incident_id, suppressed, held_until FROM alerts WHERE id = ANY ($1::bigint[])
