-- Holds an alert until a time and appends the decision's trace entries. $1 id, $2 until, $3 trace entries (jsonb array).
UPDATE alerts SET held_until = $2, trace = trace || $3::jsonb WHERE id = $1
