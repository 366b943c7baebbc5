-- The weekly stability indicators for the $3 whole weeks (Monday to Monday in time zone $2) before the week that
-- holds $1. Drills and incidents closed as false positives are not incidents. An incident is placed in the week
-- its impact started (else when it was detected, else when it was recorded). Hotfixes and rollbacks are change
-- events of that kind, plus incidents flagged so that no such change event covers (same service, from an hour
-- before the incident to an hour after its resolution, or a day when unresolved).
-- $1 = report time (timestamptz), $2 = IANA time zone, $3 = number of weeks.
-- The weeks come from an integer series: the planner then knows there are $3 of them (it assumes 1000 rows for a
-- timestamp series, and a cost that high switches on JIT compilation, which takes longer than the query).
WITH weeks AS (
  SELECT w::date AS week, w AT TIME ZONE $2::text AS starts_at, (w + interval '7 days') AT TIME ZONE $2::text AS ends_at
  FROM generate_series(1, $3::int) AS n
  CROSS JOIN LATERAL (SELECT date_trunc('week', $1::timestamptz AT TIME ZONE $2::text) - n * interval '7 days' AS w) AS start
),
period AS (SELECT min(starts_at) AS starts_at, max(ends_at) AS ends_at FROM weeks),
real_incidents AS (
  SELECT i.service, i.hotfix, i.rollback, i.detected_at, i.created_at, i.acknowledged_at, i.resolved_at,
         coalesce(i.impact_started_at, i.detected_at, i.created_at) AS happened_at
  FROM incidents i, period p
  WHERE NOT i.drill AND i.origin <> 'drill' AND i.status <> 'false_positive'
    AND coalesce(i.impact_started_at, i.detected_at, i.created_at) >= p.starts_at
    AND coalesce(i.impact_started_at, i.detected_at, i.created_at) < p.ends_at
),
incident_weeks AS (
  SELECT w.week,
         count(*)::int AS incidents,
         count(*) FILTER (WHERE r.acknowledged_at >= coalesce(r.detected_at, r.created_at))::int AS acknowledged,
         coalesce(sum(extract(epoch FROM r.acknowledged_at - coalesce(r.detected_at, r.created_at)))
           FILTER (WHERE r.acknowledged_at >= coalesce(r.detected_at, r.created_at)), 0)::float8 AS acknowledge_seconds,
         count(*) FILTER (WHERE r.resolved_at >= r.happened_at)::int AS resolved,
         coalesce(sum(extract(epoch FROM r.resolved_at - r.happened_at)) FILTER (WHERE r.resolved_at >= r.happened_at), 0)::float8 AS resolve_seconds,
         count(*) FILTER (WHERE r.hotfix AND NOT EXISTS (
           SELECT 1 FROM change_events c WHERE c.kind = 'hotfix' AND c.service = coalesce(r.service, c.service)
             AND c.at >= r.happened_at - interval '1 hour' AND c.at <= coalesce(r.resolved_at, r.happened_at + interval '1 day') + interval '1 hour'))::int AS flagged_hotfixes,
         count(*) FILTER (WHERE r.rollback AND NOT EXISTS (
           SELECT 1 FROM change_events c WHERE c.kind = 'rollback' AND c.service = coalesce(r.service, c.service)
             AND c.at >= r.happened_at - interval '1 hour' AND c.at <= coalesce(r.resolved_at, r.happened_at + interval '1 day') + interval '1 hour'))::int AS flagged_rollbacks
  FROM weeks w JOIN real_incidents r ON r.happened_at >= w.starts_at AND r.happened_at < w.ends_at
  GROUP BY w.week
),
change_weeks AS (
  SELECT w.week,
         count(*) FILTER (WHERE c.kind = 'hotfix')::int AS hotfixes,
         count(*) FILTER (WHERE c.kind = 'rollback')::int AS rollbacks
  FROM weeks w JOIN change_events c ON c.at >= w.starts_at AND c.at < w.ends_at AND c.kind IN ('hotfix', 'rollback')
  GROUP BY w.week
),
alert_weeks AS (
  SELECT w.week, count(*)::int AS alerts
  FROM weeks w JOIN alerts a ON a.first_received_at >= w.starts_at AND a.first_received_at < w.ends_at
  WHERE coalesce(a.labels ->> 'firebreak_drill', 'false') <> 'true'
  GROUP BY w.week
)
SELECT to_char(w.week, 'YYYY-MM-DD') AS week, w.starts_at, w.ends_at,
       coalesce(iw.incidents, 0) AS incidents,
       coalesce(cw.hotfixes, 0) + coalesce(iw.flagged_hotfixes, 0) AS hotfixes,
       coalesce(cw.rollbacks, 0) + coalesce(iw.flagged_rollbacks, 0) AS rollbacks,
       coalesce(aw.alerts, 0) AS alerts,
       coalesce(iw.acknowledged, 0) AS acknowledged,
       coalesce(iw.acknowledge_seconds, 0) AS acknowledge_seconds,
       coalesce(iw.resolved, 0) AS resolved,
       coalesce(iw.resolve_seconds, 0) AS resolve_seconds
FROM weeks w
LEFT JOIN incident_weeks iw ON iw.week = w.week
LEFT JOIN change_weeks cw ON cw.week = w.week
LEFT JOIN alert_weeks aw ON aw.week = w.week
ORDER BY w.week
