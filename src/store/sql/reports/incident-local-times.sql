-- When incidents happened in [$1, $2), in time zone $3 (drills and false positives left out): ISO weekday
-- (1 = Monday), hour, day of month and the month's length, to find the risky periods.
-- $1 = from, $2 = to (timestamptz), $3 = IANA time zone.
SELECT extract(isodow FROM t.local)::int AS weekday,
       extract(hour FROM t.local)::int AS hour,
       extract(day FROM t.local)::int AS day,
       extract(day FROM date_trunc('month', t.local) + interval '1 month' - interval '1 day')::int AS days_in_month
FROM incidents i
CROSS JOIN LATERAL (SELECT coalesce(i.impact_started_at, i.detected_at, i.created_at) AT TIME ZONE $3::text AS local) AS t
WHERE NOT i.drill AND i.origin <> 'drill' AND i.status <> 'false_positive'
  AND coalesce(i.impact_started_at, i.detected_at, i.created_at) >= $1::timestamptz
  AND coalesce(i.impact_started_at, i.detected_at, i.created_at) < $2::timestamptz
