-- The weekly stability indicators for the $3 whole weeks (Monday to Monday in time zone $2) before the week that
-- holds $1. Drills and incidents closed as false positives are not incidents. An incident is placed in the week
-- its impact started (else when it was detected, else when it was recorded). Hotfixes and rollbacks are change
-- events of that kind, plus incidents flagged so that no such change event covers (same service, from an hour
-- before the incident to an hour after its resolution, or a day when unresolved).
-- $1 = report time (timestamptz), $2 = IANA time zone, $3 = number of weeks.
WITH weeks AS (
  SELECT w::date AS week, w AT TIME ZONE $2::text AS starts_at, (w + interval '7 days') AT TIME ZONE $2::text AS ends_at
  FROM generate_series(
    date_trunc('week', $1::timestamptz AT TIME ZONE $2::text) - $3::int * interval '7 days',
    date_trunc('week', $1::timestamptz AT TIME ZONE $2::text) - interval '7 days',
    interval '7 days') AS w
),
real_incidents AS (
  SELECT i.*, coalesce(i.impact_started_at, i.detected_at, i.created_at) AS happened_at
  FROM incidents i
  WHERE NOT i.drill AND i.origin <> 'drill' AND i.status <> 'false_positive'
),
flag_only AS (
  SELECT r.happened_at, k.kind
  FROM real_incidents r
  CROSS JOIN LATERAL (VALUES ('hotfix', r.hotfix), ('rollback', r.rollback)) AS k (kind, flagged)
  WHERE k.flagged AND NOT EXISTS (
    SELECT 1 FROM change_events c
    WHERE c.kind = k.kind
      AND (r.service IS NULL OR c.service = r.service)
      AND c.at >= r.happened_at - interval '1 hour'
      AND c.at <= coalesce(r.resolved_at, r.happened_at + interval '1 day') + interval '1 hour')
)
SELECT to_char(w.week, 'YYYY-MM-DD') AS week, w.starts_at, w.ends_at,
  (SELECT count(*)::int FROM real_incidents r WHERE r.happened_at >= w.starts_at AND r.happened_at < w.ends_at) AS incidents,
  (SELECT count(*)::int FROM change_events c WHERE c.kind = 'hotfix' AND c.at >= w.starts_at AND c.at < w.ends_at)
    + (SELECT count(*)::int FROM flag_only f WHERE f.kind = 'hotfix' AND f.happened_at >= w.starts_at AND f.happened_at < w.ends_at) AS hotfixes,
  (SELECT count(*)::int FROM change_events c WHERE c.kind = 'rollback' AND c.at >= w.starts_at AND c.at < w.ends_at)
    + (SELECT count(*)::int FROM flag_only f WHERE f.kind = 'rollback' AND f.happened_at >= w.starts_at AND f.happened_at < w.ends_at) AS rollbacks,
  (SELECT count(*)::int FROM alerts a
    WHERE a.first_received_at >= w.starts_at AND a.first_received_at < w.ends_at
      AND coalesce(a.labels ->> 'firebreak_drill', 'false') <> 'true') AS alerts,
  (SELECT count(*)::int FROM real_incidents r
    WHERE r.happened_at >= w.starts_at AND r.happened_at < w.ends_at
      AND r.acknowledged_at >= coalesce(r.detected_at, r.created_at)) AS acknowledged,
  (SELECT coalesce(sum(extract(epoch FROM r.acknowledged_at - coalesce(r.detected_at, r.created_at))), 0)::float8 FROM real_incidents r
    WHERE r.happened_at >= w.starts_at AND r.happened_at < w.ends_at
      AND r.acknowledged_at >= coalesce(r.detected_at, r.created_at)) AS acknowledge_seconds,
  (SELECT count(*)::int FROM real_incidents r
    WHERE r.happened_at >= w.starts_at AND r.happened_at < w.ends_at AND r.resolved_at >= r.happened_at) AS resolved,
  (SELECT coalesce(sum(extract(epoch FROM r.resolved_at - r.happened_at)), 0)::float8 FROM real_incidents r
    WHERE r.happened_at >= w.starts_at AND r.happened_at < w.ends_at AND r.resolved_at >= r.happened_at) AS resolve_seconds
FROM weeks w
ORDER BY w.week
