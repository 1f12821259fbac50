-- Images Shakedown pulled itself (issue 24): the only ones its image policy may remove. A pulled image cannot
-- carry a label, so the fact is recorded here, per installation (replicas sharing one Docker engine share it).
create table pulled_image (
    installation_id varchar(255)  not null,
    image           varchar(1024) not null,   -- the reference as the spec names it (registry/repo:tag)
    repository      varchar(1024) not null,   -- the reference without tag or digest: keep-N counts per repository
    pulled_at       timestamptz   not null,
    used_at         timestamptz   not null,   -- last pull or run that used it: keep-N keeps the most recent
    primary key (installation_id, image)
);
create index pulled_image_repository on pulled_image (installation_id, repository, used_at desc);
