-- Issue 11: monitors (scheduled smoke checks with state, alerts and history) and gates.

-- A monitor belongs to a project (null: authentication is off), like runs. Its definition (schedule,
-- thresholds, alert channels with their secrets, maintenance windows) is the JSON the API and monitors.yaml
-- share; the columns beside it are what the scheduler and the state machine read and write.
create table monitor (
    id            uuid primary key,
    project       varchar(255),
    name          varchar(255) not null,
    spec_text     text         not null,   -- the spec inside the monitor, as JSON text (read by SpecParser)
    definition    jsonb        not null,
    paused        boolean      not null default false,
    badge_key     varchar(64),             -- set: the badge is public to whoever knows this key
    state         varchar(16)  not null default 'UNKNOWN'
        check (state in ('UP', 'DEGRADED', 'DOWN', 'PAUSED', 'UNKNOWN')),
    state_reason  text,
    state_since   timestamptz  not null,
    settled       boolean      not null default false, -- false until a first state from runs (no RECOVERED from "no data")
    failures      int          not null default 0,     -- consecutive FAILED runs
    successes     int          not null default 0,     -- consecutive PASSED runs
    errors        int          not null default 0,     -- consecutive ERROR runs
    next_tick_at  timestamptz,
    last_run_id   uuid,
    last_alert_at timestamptz,
    streak_run_id uuid,                   -- first run of the current failing (or erroring) streak
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);
create unique index monitor_project_name on monitor (coalesce(project, ''), name);
create index monitor_due on monitor (next_tick_at) where not paused;

-- Runs a monitor triggers are ordinary runs, tagged with the monitor and the tick they belong to.
alter table validation_run add column monitor_id uuid references monitor (id) on delete set null;
alter table validation_run add column scheduled_at timestamptz;
alter table validation_run add column in_maintenance boolean not null default false;
alter table validation_run add column monitor_pending boolean not null default false; -- state not yet updated from it
alter table validation_run add column figures jsonb;             -- key figures kept after retention drops the report
alter table validation_run add column report_pruned_at timestamptz;
-- exactly one run per monitor tick, whatever number of replicas schedule it
create unique index validation_run_monitor_tick on validation_run (monitor_id, scheduled_at);
create index validation_run_monitor_created on validation_run (monitor_id, created_at desc) where monitor_id is not null;
create index validation_run_monitor_pending on validation_run (finished_at) where monitor_pending;

-- Ticks that did not start a run (the previous run was still going).
create table monitor_skip (
    monitor_id   uuid         not null references monitor (id) on delete cascade,
    scheduled_at timestamptz  not null,
    reason       text         not null,
    recorded_at  timestamptz  not null,
    primary key (monitor_id, scheduled_at)
);

-- A stretch of time in a state other than UP (DOWN, DEGRADED, UNKNOWN); ended_at null while it lasts.
create table monitor_incident (
    id            uuid primary key,
    monitor_id    uuid         not null references monitor (id) on delete cascade,
    state         varchar(16)  not null,
    reason        text,
    started_at    timestamptz  not null,
    ended_at      timestamptz,
    first_run_id  uuid
);
create index monitor_incident_recent on monitor_incident (monitor_id, started_at desc);

-- One alert per change of state (or reminder); one delivery per channel of the monitor.
create table monitor_alert (
    id          uuid primary key,
    monitor_id  uuid         not null references monitor (id) on delete cascade,
    kind        varchar(16)  not null check (kind in ('DOWN', 'DEGRADED', 'UNKNOWN', 'RECOVERED', 'REMINDER')),
    from_state  varchar(16)  not null,
    to_state    varchar(16)  not null,
    run_id      uuid,
    payload     jsonb        not null,
    created_at  timestamptz  not null
);
create index monitor_alert_recent on monitor_alert (monitor_id, created_at desc);

create table alert_delivery (
    id              uuid primary key,
    alert_id        uuid         not null references monitor_alert (id) on delete cascade,
    monitor_id      uuid         not null references monitor (id) on delete cascade,
    channel         varchar(255) not null,   -- the channel's name (or type#index)
    channel_type    varchar(16)  not null,
    status          varchar(16)  not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int          not null default 0,
    last_status     int,
    last_error      text,
    next_attempt_at timestamptz  not null,
    delivered_at    timestamptz,
    created_at      timestamptz  not null
);
create index alert_delivery_pending on alert_delivery (next_attempt_at) where status = 'PENDING';
create index alert_delivery_monitor on alert_delivery (monitor_id, created_at desc);

-- A gate: a named spec of a project, run against a URL given at call time (Flagger / Argo Rollouts).
create table gate (
    id          uuid primary key,
    project     varchar(255),
    name        varchar(255) not null,
    spec_text   text         not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);
create unique index gate_project_name on gate (coalesce(project, ''), name);
