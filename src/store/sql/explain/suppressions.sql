-- The suppressions recorded on an alert, oldest first (lifted ones kept with why). $1 alert id.
SELECT reason, detail, at, lifted_at, lifted_reason FROM suppressions WHERE alert_id = $1 ORDER BY at, id
