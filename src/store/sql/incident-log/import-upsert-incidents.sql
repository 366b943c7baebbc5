-- Writes a batch of imported incidents: new ids are inserted, an imported incident whose row changed (another
-- digest) is updated, an unchanged one is left alone. Returns one row per inserted or updated incident.
-- $1 jsonb array of {id, title, service, severity, status, impact_started_at, detected_at, resolved_at, symptom,
-- impact, root_cause, category, playbook, tags, digest}, $2 timestamptz now
INSERT INTO incidents (id, origin, title, service, status, severity, symptom, impact, root_cause, category,
                       impact_started_at, detected_at, resolved_at, playbook_id, tags, import_digest, created_at, updated_at)
SELECT r.id, 'imported', r.title, r.service, r.status, r.severity, r.symptom, r.impact, r.root_cause, r.category,
       r.impact_started_at, r.detected_at, r.resolved_at, r.playbook,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(r.tags, '[]'::jsonb))), r.digest,
       coalesce(r.impact_started_at, r.detected_at, r.resolved_at, $2::timestamptz), $2::timestamptz
FROM jsonb_to_recordset($1::jsonb) AS r (id text, title text, service text, severity text, status text,
       impact_started_at timestamptz, detected_at timestamptz, resolved_at timestamptz, symptom text, impact text,
       root_cause text, category text, playbook text, tags jsonb, digest text)
ON CONFLICT (id) DO UPDATE SET
  title = EXCLUDED.title, service = EXCLUDED.service, status = EXCLUDED.status, severity = EXCLUDED.severity,
  symptom = EXCLUDED.symptom, impact = EXCLUDED.impact, root_cause = EXCLUDED.root_cause, category = EXCLUDED.category,
  impact_started_at = EXCLUDED.impact_started_at, detected_at = EXCLUDED.detected_at, resolved_at = EXCLUDED.resolved_at,
  playbook_id = EXCLUDED.playbook_id, tags = EXCLUDED.tags, import_digest = EXCLUDED.import_digest,
  created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
WHERE incidents.origin = 'imported' AND incidents.import_digest IS DISTINCT FROM EXCLUDED.import_digest
RETURNING id, (xmax = 0) AS inserted
