-- Alert episodes first received in [from, to), oldest first: what a dry run of a silence is tried on.
-- $1 from, $2 to.
SELECT id, source, rule, title, service, labels, first_received_at, suppressed, incident_id
FROM alerts WHERE first_received_at >= $1 AND first_received_at < $2
ORDER BY first_received_at, id
