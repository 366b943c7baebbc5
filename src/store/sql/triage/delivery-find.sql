-- The alert a delivery key was recorded for. $1 delivery_key.
SELECT alert_id FROM alert_deliveries WHERE delivery_key = $1
