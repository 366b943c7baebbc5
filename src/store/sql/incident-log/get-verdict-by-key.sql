-- A stored verdict. $1 text dedupe key
SELECT id, verdict, by, at FROM verdicts WHERE dedupe_key = $1
