-- A new alert's context (alert_context, migrations 046 and 048), read by itself: for an alert decided again (a
-- recheck, a resumed job); a new alert's comes with its record (triage/record-firing).
-- $1 alert id (left out of the storm window's counts), $2 source, $3 fingerprint, $4 rule, $5 now, $6 incidents
-- since, $7 undecided since, $8 burst since, $9 changes from, $10 fingerprint (and service rule) episodes since,
-- $11 rule behaviour since, $12 before (the alert's first receipt), $13 at most this many of the storm window's
-- latest alerts counted, $14 the longest resolution, in seconds, that counts as by itself, $15 the alert's service,
-- $16 at most this many of the rule's latest episodes counted.
-- Times inside the JSON come as PostgreSQL writes them in JSON; the adapter makes them ISO strings like every column.
SELECT * FROM alert_context($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
