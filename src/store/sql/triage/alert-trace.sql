-- Appends decision-trace entries to an alert. $1 id, $2 entries (jsonb array).
UPDATE alerts SET trace = trace || $2::jsonb WHERE id = $1
