-- One alert episode. $1 id.
SELECT * FROM alerts WHERE id = $1
