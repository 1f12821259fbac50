-- The web UI's lists (issue 12) page newest first by (created_at, id) with a keyset cursor, per project (null with
-- authentication off) and per project + app: these indexes give each page straight from the index, whatever the
-- table's size (bench/ui-pages.sh, docs/performance.md).
create index validation_run_ui_newest on validation_run (created_at desc, id desc);
create index validation_run_ui_project on validation_run (project, created_at desc, id desc);
create index validation_run_ui_app on validation_run (project, app, created_at desc, id desc);
