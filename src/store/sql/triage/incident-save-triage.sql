-- Stores what triage found. $1 id, $2 severity, $3 category, $4 playbook_id, $5 playbooks, $6 similar,
-- $7 evidence, $8 entities, $9 root_cause, $10 at. Evidence keys not in $7 (the LLM's assessment, written by its
-- own job) are kept.
UPDATE incidents SET severity = $2, category = COALESCE(category, $3), playbook_id = $4, playbooks = $5,
                     similar_incidents = $6,
                     evidence = (evidence - ARRAY(SELECT jsonb_object_keys($7::jsonb))) || $7::jsonb,
                     entities = $8, root_cause = COALESCE(root_cause, $9), updated_at = $10
WHERE id = $1
