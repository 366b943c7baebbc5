-- Closes the firing episode of an alert. $1 source, $2 fingerprint, $3 received_at, $4 ends_at (nullable).
UPDATE alerts SET status = 'resolved', resolved_at = $3::timestamptz, ends_at = COALESCE($4::timestamptz, $3::timestamptz),
                  held_until = NULL, last_received_at = $3::timestamptz
WHERE source = $1 AND fingerprint = $2 AND status = 'firing'
RETURNING *
