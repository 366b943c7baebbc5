-- Holds an alert until a time. $1 id, $2 until.
UPDATE alerts SET held_until = $2 WHERE id = $1
