-- One row per submitted validation, written the moment it is accepted and on every state change after.
-- Several replicas share this table: QUEUED rows are claimed with FOR UPDATE SKIP LOCKED.
create table validation_run (
    id               uuid primary key,
    app              varchar(255),
    environment      varchar(255),
    status           varchar(16)  not null
        check (status in ('QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR', 'CANCELLED')),
    spec_text        text         not null,  -- the submission exactly as posted
    spec_format      varchar(8)   not null check (spec_format in ('yaml', 'json')),
    target           varchar(2048),          -- image or URL, for listings
    summary          text,
    report           jsonb,
    created_at       timestamptz  not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    owner_instance   varchar(255),           -- replica executing the run
    heartbeat_at     timestamptz,            -- database clock, refreshed by the owner every 5 s
    cancel_requested boolean      not null default false
);

-- listings: newest first, optionally per app / environment
create index validation_run_app_env_created on validation_run (app, environment, created_at desc);
create index validation_run_created on validation_run (created_at desc);
-- claiming: oldest queued first
create index validation_run_queued on validation_run (created_at) where status = 'QUEUED';
-- recovery: running rows by heartbeat
create index validation_run_running on validation_run (heartbeat_at) where status = 'RUNNING';
