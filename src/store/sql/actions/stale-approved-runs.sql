-- Approved runs nobody executed (the approving process stopped before claiming them). $1 approved before
SELECT id FROM action_runs WHERE status = 'approved' AND decided_at < $1 ORDER BY decided_at LIMIT 20
