-- Baselines belong to a project, like runs: a project compares only with its own history, and two
-- projects that happen to use the same app name never mix (or pin) each other's figures.
alter table performance_baseline add column project varchar(255);

update performance_baseline b set project = r.project from validation_run r where r.id = b.run_id;

drop index performance_baseline_one_pin;
create unique index performance_baseline_one_pin
    on performance_baseline (coalesce(project, ''), app, environment, scenario) where pinned;

drop index performance_baseline_recent;
create index performance_baseline_recent on performance_baseline (project, app, environment, scenario, recorded_at desc);
