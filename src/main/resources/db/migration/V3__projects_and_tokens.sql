-- Projects own runs; API tokens (stored as SHA-256 hashes, never in clear) act for one project.
create table project (
    id                uuid primary key,
    name              varchar(255) not null unique,
    -- owner/name, lower case: a GitHub Actions OIDC token whose `repository` claim is this acts as this project
    github_repository varchar(255) unique,
    created_at        timestamptz  not null
);

create table api_token (
    id          uuid primary key,
    project_id  uuid         not null references project (id) on delete cascade,
    name        varchar(255),
    token_hash  varchar(64)  not null unique,   -- hex SHA-256 of the token
    created_at  timestamptz  not null,
    revoked_at  timestamptz
);

-- the project a run belongs to (null: submitted with authentication switched off)
alter table validation_run add column project varchar(255);
create index validation_run_project_created on validation_run (project, created_at desc);
