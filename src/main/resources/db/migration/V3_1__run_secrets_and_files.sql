-- Issue 3 (flows, secrets). Secret values are never stored: a run that needs them is pinned to the replica
-- that accepted it and holds them in memory (secrets_holder); only that replica may claim it.
alter table validation_run add column secrets_holder varchar(255);
-- Files sent along with a submission (JSON Schemas named by expect.schema), by name: {"schemas/user.json": "..."}.
alter table validation_run add column spec_files jsonb;
