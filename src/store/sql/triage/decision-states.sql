-- Final state of alert episodes with their incident's facts, for the evaluation's decisions. $1 alert ids (bigint[]).
SELECT a.id, a.suppressed, a.incident_id, i.notified_at, i.playbook_id, i.similar_incidents
FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.id = ANY ($1)
