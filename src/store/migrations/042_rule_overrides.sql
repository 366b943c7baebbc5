-- Rule overrides (issue 6): rule changes a human approved after a false positive, beyond a silence. `known-noisy`
-- treats the rule as known noise whatever its verdict counts say; `hold` holds its lone alerts `hold_s` seconds
-- instead of the learned hold. Rows are only added: the latest of each kind on (source, rule) is in force.
CREATE TABLE rule_overrides (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  rule text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('known-noisy', 'hold')),
  hold_s integer CHECK (kind <> 'hold' OR hold_s > 0),
  reason text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  action_run_id text UNIQUE REFERENCES action_runs (id)
);
CREATE INDEX rule_overrides_rule_idx ON rule_overrides (source, rule, kind, created_at);
-- `known-noisy` and `longer-hold`: the two rule changes that write an override, approved like any other action.
ALTER TABLE action_runs DROP CONSTRAINT action_runs_kind_check;
ALTER TABLE action_runs ADD CONSTRAINT action_runs_kind_check CHECK (kind IN ('http', 'command', 'noop', 'silence', 'known-noisy', 'longer-hold'));
