-- Incidents whose lead may be due a reminder; each is looked at by one worker at a time.
-- $1 now, $2 lead or last reminder before (now minus the update interval), $3 last check before
UPDATE slack_messages m SET lead_checked_at = $1
FROM incidents i
WHERE i.id = m.incident_id AND m.incident_id IN (
  SELECT s.incident_id FROM slack_messages s JOIN incidents j ON j.id = s.incident_id
  WHERE j.status IN ('open', 'mitigated') AND j.lead IS NOT NULL AND s.ts IS NOT NULL
    AND coalesce(s.lead_since, s.posted_at) <= $2 AND (s.lead_reminded_at IS NULL OR s.lead_reminded_at <= $2)
    AND (s.lead_checked_at IS NULL OR s.lead_checked_at <= $3)
  LIMIT 20 FOR UPDATE OF s SKIP LOCKED
)
RETURNING m.incident_id, m.channel, m.ts, coalesce(m.lead_since, m.posted_at) AS lead_since, i.lead
