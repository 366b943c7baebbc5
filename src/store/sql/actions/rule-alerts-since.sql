-- The alerts of a rule first received in [$3, $4], with what became of them: what the effect of a rule change is
-- measured on. opened_incident: it was its incident's first alert; other_rule_first_at: the first alert of another
-- rule in the same incident. $1 source (null: every source), $2 rule, $3 since, $4 until
SELECT a.id, a.source, a.service, a.labels, a.first_received_at, a.resolved_at, a.suppressed, a.incident_id,
       i.status AS incident_status, i.notified_at,
       NOT EXISTS (SELECT 1 FROM alerts f WHERE f.incident_id = a.incident_id
                   AND (f.first_received_at, f.id) < (a.first_received_at, a.id)) AS opened_incident,
       (SELECT min(o.first_received_at) FROM alerts o WHERE o.incident_id = a.incident_id
          AND (o.source <> a.source OR o.rule <> a.rule)) AS other_rule_first_at
FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
WHERE ($1::text IS NULL OR a.source = $1) AND a.rule = $2 AND a.first_received_at >= $3 AND a.first_received_at <= $4
ORDER BY a.first_received_at, a.id
