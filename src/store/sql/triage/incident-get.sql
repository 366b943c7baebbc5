-- One incident. $1 id.
SELECT * FROM incidents WHERE id = $1
