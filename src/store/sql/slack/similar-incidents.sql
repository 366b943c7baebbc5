-- Past incidents by id, with their root causes. $1 ids (text[])
SELECT id, title, root_cause, category, resolved_at, detected_at FROM incidents WHERE id = ANY ($1)
