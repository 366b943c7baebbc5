-- Action runs with their approvers, filtered. $1 run id or null, $2 incident id or null, $3 statuses (text[]) or null,
-- $4 only runs that succeeded and wait for their "did it work?" answer (boolean)
SELECT r.id, r.incident_id, r.playbook_id, r.action_id, r.title, r.kind, r.risk, r.spec, r.status, r.proposed_at,
       r.decided_by, r.decided_at, r.started_at, r.finished_at, r.result, r.output, r.attempt, r.notice,
       r.required_approvals, r.worked, r.worked_by, r.followup_due_at, r.followup_asked_at,
       coalesce((SELECT array_agg(a.approver ORDER BY a.at) FROM action_approvals a WHERE a.run_id = r.id), '{}') AS approvers
FROM action_runs r
WHERE ($1::text IS NULL OR r.id = $1)
  AND ($2::text IS NULL OR r.incident_id = $2)
  AND ($3::text[] IS NULL OR r.status = ANY ($3))
  AND (NOT $4::boolean OR (r.status = 'succeeded' AND r.worked IS NULL))
ORDER BY r.proposed_at, r.id
