-- One row per replica (shakedown.instance-id), refreshed every heartbeat interval whether it executes runs or
-- not. Survivors tell a dead replica from an idle one by it: QUEUED runs only a dead replica could claim (their
-- secret values lived in its memory) are ended instead of waiting forever. docs/scaling.md.
create table replica (
    instance_id  varchar(255) primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null   -- database clock
);
