-- Gatling's HTML report of a run's performance stage, stored with the run (issue 24): any replica serves it and a
-- restart loses none. One zip (DEFLATE) of the run's Gatling output; retention drops it with the run's report.
create table run_load_report (
    run_id     uuid        primary key references validation_run (id) on delete cascade,
    archive    bytea       not null,
    files      int         not null,
    raw_bytes  bigint      not null,   -- uncompressed size, for operators
    stored_at  timestamptz not null
);
