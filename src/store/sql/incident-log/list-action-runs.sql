-- The actions proposed for an incident and what became of them. $1 text incident id
SELECT id, playbook_id, action_id, title, kind, risk, status, proposed_at, decided_by, decided_at, started_at,
       finished_at, result
FROM action_runs WHERE incident_id = $1 ORDER BY proposed_at, id
