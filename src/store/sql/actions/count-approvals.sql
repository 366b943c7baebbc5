-- Distinct approvers of a run, in order. $1 run id
SELECT approver FROM action_approvals WHERE run_id = $1 ORDER BY at, approver
