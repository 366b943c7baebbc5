-- Names the incident lead; taking the lead acknowledges the incident. Returns the previous lead.
-- $1 incident id, $2 lead, $3 at
UPDATE incidents i SET lead = $2, acknowledged_at = coalesce(i.acknowledged_at, $3), updated_at = $3
FROM (SELECT id, lead AS previous_lead FROM incidents WHERE id = $1 FOR UPDATE) before
WHERE i.id = before.id
RETURNING before.previous_lead, i.status
