-- Changes that went out in [from, to], oldest first. $1 from, $2 to.
SELECT * FROM change_events WHERE at >= $1 AND at <= $2 ORDER BY at, id
