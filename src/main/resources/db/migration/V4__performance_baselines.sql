-- The performance figures of passing runs, per app + environment + scenario: the history regression
-- rules compare with (median of the last N), plus at most one pinned row per app+environment+scenario
-- that, when present, is the baseline instead.
create table performance_baseline (
    id           uuid primary key,
    app          varchar(255) not null,
    environment  varchar(255) not null,
    scenario     varchar(255) not null,
    run_id       uuid         not null,
    figures      jsonb        not null,   -- report.performance.scenarios[].figures of that run
    recorded_at  timestamptz  not null,
    pinned       boolean      not null default false,
    unique (app, environment, scenario, run_id)
);

create index performance_baseline_recent on performance_baseline (app, environment, scenario, recorded_at desc);
create unique index performance_baseline_one_pin on performance_baseline (app, environment, scenario) where pinned;
