-- Alert episodes first received since a time, oldest first. $1 since.
SELECT * FROM alerts WHERE first_received_at >= $1 ORDER BY first_received_at, id
