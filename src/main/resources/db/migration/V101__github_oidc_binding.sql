-- GitHub OIDC binds a project to the repository's and its owner's numeric ids (the token's repository_id and
-- repository_owner_id claims), not only to its name: after a rename or a deletion, a new owner can register the same
-- owner/name, and GitHub's own advice is to trust the ids. Bindings made before this migration have a name only: the
-- first verified token of that name records its ids (logged), and from then on the ids decide.
-- Optional conditions per project narrow which workflow runs may act for it: ref (e.g. refs/heads/main),
-- workflow (job_workflow_ref or workflow) and environment, each a pattern where * matches any characters.
alter table project add column github_repository_id bigint;
alter table project add column github_owner_id      bigint;
alter table project add column github_ref           varchar(255);
alter table project add column github_workflow      varchar(512);
alter table project add column github_environment   varchar(255);
create unique index project_github_repository_id on project (github_repository_id);
