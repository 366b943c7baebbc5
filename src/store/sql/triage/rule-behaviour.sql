-- How the latest episodes of a rule started in [since, before) ended (see the rule_behaviour function, migrations 045
-- and 048). $1 source, $2 rule, $3 since, $4 before, $5 now, $6 the longest resolution, in seconds, that counts as by
-- itself, $7 at most this many of the latest episodes.
SELECT decided, resolved_quickly, slowest_quick_s FROM rule_behaviour($1, $2, $3, $4, $5, $6, $7)
