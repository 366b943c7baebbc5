-- Claims the executed runs whose "did it work?" question is due; each is asked once. $1 now
UPDATE action_runs SET followup_asked_at = $1
WHERE id IN (
  SELECT id FROM action_runs
  WHERE followup_due_at <= $1 AND followup_asked_at IS NULL AND worked IS NULL
  ORDER BY followup_due_at LIMIT 20 FOR UPDATE SKIP LOCKED
)
RETURNING id
