-- Revoking a rule override (`firebreak rules revoke`): an override approved after a false positive can be undone
-- without touching `rule_overrides`, whose rows are only added. A revocation is itself only added, one per override:
-- an override revoked at or before a time no longer applies at that time (the latest earlier one of its kind that
-- is still in force applies instead), while a replay of an earlier time still sees it, as triage did then.
CREATE TABLE rule_override_revocations (
  override_id bigint PRIMARY KEY REFERENCES rule_overrides (id),
  revoked_by text NOT NULL,
  revoked_at timestamptz NOT NULL,
  note text
);
