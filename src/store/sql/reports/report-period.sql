-- The boundaries a report needs, in time zone $2: the start of the week holding $1 and of the week $3 weeks
-- before, the start and end of $1's day, and that day's date. $1 = report time, $2 = IANA time zone, $3 = weeks.
SELECT date_trunc('week', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text AS week_start,
       (date_trunc('week', $1::timestamptz AT TIME ZONE $2::text) - $3::int * interval '7 days') AT TIME ZONE $2::text AS weeks_start,
       date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AT TIME ZONE $2::text AS day_start,
       (date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) + interval '1 day') AT TIME ZONE $2::text AS day_end,
       to_char($1::timestamptz AT TIME ZONE $2::text, 'YYYY-MM-DD') AS day
