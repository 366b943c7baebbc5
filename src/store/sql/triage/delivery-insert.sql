-- Records a delivery once. $1 delivery_key, $2 status, $3 received_at. No row back: seen before (a redelivery).
INSERT INTO alert_deliveries (delivery_key, status, outcome, received_at)
VALUES ($1, $2, 'pending', $3)
ON CONFLICT (delivery_key) DO NOTHING
RETURNING id
