-- Alerts received in [$1, $2) (drill alerts left out) against the incidents the triage opened in that time:
-- the noise nobody had to read. $1 = from, $2 = to (timestamptz).
SELECT
  (SELECT count(*)::int FROM alerts a WHERE a.first_received_at >= $1::timestamptz AND a.first_received_at < $2::timestamptz
     AND coalesce(a.labels ->> 'firebreak_drill', 'false') <> 'true') AS alerts_received,
  (SELECT count(*)::int FROM alerts a WHERE a.first_received_at >= $1::timestamptz AND a.first_received_at < $2::timestamptz
     AND coalesce(a.labels ->> 'firebreak_drill', 'false') <> 'true' AND a.suppressed IS NOT NULL) AS alerts_suppressed,
  (SELECT count(*)::int FROM alerts a WHERE a.first_received_at >= $1::timestamptz AND a.first_received_at < $2::timestamptz
     AND coalesce(a.labels ->> 'firebreak_drill', 'false') <> 'true' AND a.incident_id IS NOT NULL) AS alerts_in_incidents,
  (SELECT count(*)::int FROM incidents i WHERE i.created_at >= $1::timestamptz AND i.created_at < $2::timestamptz
     AND i.origin = 'triage' AND NOT i.drill) AS incidents_opened
