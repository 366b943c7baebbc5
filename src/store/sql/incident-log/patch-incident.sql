-- Sets the fields present in a JSON patch (snake_case keys, null clears) and leaves the others as they are.
-- $1 text incident id, $2 jsonb patch, $3 timestamptz now
UPDATE incidents SET
  title = CASE WHEN $2::jsonb ? 'title' THEN $2::jsonb ->> 'title' ELSE title END,
  service = CASE WHEN $2::jsonb ? 'service' THEN $2::jsonb ->> 'service' ELSE service END,
  environment = CASE WHEN $2::jsonb ? 'environment' THEN $2::jsonb ->> 'environment' ELSE environment END,
  status = CASE WHEN $2::jsonb ? 'status' THEN $2::jsonb ->> 'status' ELSE status END,
  severity = CASE WHEN $2::jsonb ? 'severity' THEN $2::jsonb ->> 'severity' ELSE severity END,
  lead = CASE WHEN $2::jsonb ? 'lead' THEN $2::jsonb ->> 'lead' ELSE lead END,
  symptom = CASE WHEN $2::jsonb ? 'symptom' THEN $2::jsonb ->> 'symptom' ELSE symptom END,
  impact = CASE WHEN $2::jsonb ? 'impact' THEN $2::jsonb ->> 'impact' ELSE impact END,
  root_cause = CASE WHEN $2::jsonb ? 'root_cause' THEN $2::jsonb ->> 'root_cause' ELSE root_cause END,
  category = CASE WHEN $2::jsonb ? 'category' THEN $2::jsonb ->> 'category' ELSE category END,
  impact_started_at = CASE WHEN $2::jsonb ? 'impact_started_at' THEN ($2::jsonb ->> 'impact_started_at')::timestamptz ELSE impact_started_at END,
  detected_at = CASE WHEN $2::jsonb ? 'detected_at' THEN ($2::jsonb ->> 'detected_at')::timestamptz ELSE detected_at END,
  acknowledged_at = CASE WHEN $2::jsonb ? 'acknowledged_at' THEN ($2::jsonb ->> 'acknowledged_at')::timestamptz ELSE acknowledged_at END,
  mitigated_at = CASE WHEN $2::jsonb ? 'mitigated_at' THEN ($2::jsonb ->> 'mitigated_at')::timestamptz ELSE mitigated_at END,
  resolved_at = CASE WHEN $2::jsonb ? 'resolved_at' THEN ($2::jsonb ->> 'resolved_at')::timestamptz ELSE resolved_at END,
  tags = CASE WHEN $2::jsonb ? 'tags' THEN ARRAY(SELECT jsonb_array_elements_text($2::jsonb -> 'tags')) ELSE tags END,
  drill = CASE WHEN $2::jsonb ? 'drill' THEN ($2::jsonb ->> 'drill')::boolean ELSE drill END,
  hotfix = CASE WHEN $2::jsonb ? 'hotfix' THEN ($2::jsonb ->> 'hotfix')::boolean ELSE hotfix END,
  rollback = CASE WHEN $2::jsonb ? 'rollback' THEN ($2::jsonb ->> 'rollback')::boolean ELSE rollback END,
  updated_at = $3::timestamptz
WHERE id = $1
