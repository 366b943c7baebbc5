-- The latest attempt of each action of a playbook on an incident. $1 incident_id, $2 playbook_id
SELECT DISTINCT ON (action_id) action_id, attempt, status, worked, result, finished_at, decided_by
FROM action_runs WHERE incident_id = $1 AND playbook_id = $2
ORDER BY action_id, attempt DESC
