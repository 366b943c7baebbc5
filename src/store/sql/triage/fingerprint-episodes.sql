-- Episodes of one fingerprint started in [since, before). $1 source, $2 fingerprint, $3 since, $4 before.
SELECT id, fingerprint, service, first_received_at, resolved_at FROM alerts
WHERE source = $1 AND fingerprint = $2 AND first_received_at >= $3 AND first_received_at < $4
ORDER BY first_received_at
