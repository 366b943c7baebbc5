-- A new incident with the next 'INC-0001' id; nothing when that id is already taken (by an imported one).
-- $1 text origin, $2 text title, $3 text service, $4 text environment, $5 text severity, $6 text lead,
-- $7 text declared_by, $8 text symptom, $9 timestamptz impact_started_at, $10 timestamptz detected_at,
-- $11 boolean drill, $12 timestamptz now
INSERT INTO incidents (id, origin, title, service, environment, severity, lead, declared_by, symptom,
                       impact_started_at, detected_at, drill, created_at, updated_at)
VALUES ('INC-' || lpad(nextval('incident_number_seq')::text, 4, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
ON CONFLICT (id) DO NOTHING
RETURNING id
