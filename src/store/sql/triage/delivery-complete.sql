-- Sets what a delivery turned out to be. $1 delivery id, $2 alert_id (nullable), $3 outcome.
UPDATE alert_deliveries SET alert_id = $2, outcome = $3 WHERE id = $1
