-- After an import holding 'INC-NNNN' ids, moves the incident number past them so new incidents never collide.
SELECT setval('incident_number_seq', s.top)
FROM (SELECT max(substring(id FROM 5)::bigint) AS top FROM incidents WHERE id ~ '^INC-[0-9]{1,15}$') s
WHERE s.top >= (SELECT last_value FROM incident_number_seq)
