-- Alerts first received since a time that are still firing, in no incident, and not suppressed (or suppressed only
-- as known noise, which corroboration can still promote), oldest first. $1 since.
SELECT * FROM alerts
WHERE first_received_at >= $1 AND status = 'firing' AND incident_id IS NULL
  AND (suppressed IS NULL OR suppressed = 'known-noisy')
ORDER BY first_received_at, id
