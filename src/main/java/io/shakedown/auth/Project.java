package io.shakedown.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A project: owns runs; its tokens (and its GitHub repository's OIDC tokens) see only its runs. V3__projects_and_tokens.sql,
 * the GitHub binding's ids and conditions V101__github_oidc_binding.sql ({@link GitHubBinding}).
 */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;

    public String githubRepository;

    /** The bound repository's {@code repository_id}; null until given by an admin or recorded from the first token. */
    public Long githubRepositoryId;

    /** The bound repository's {@code repository_owner_id}; null like {@link #githubRepositoryId}. */
    public Long githubOwnerId;

    /** Conditions on the token's claims ({@code *} matches anything); null: any. */
    public String githubRef;

    public String githubWorkflow;

    public String githubEnvironment;

    public Instant createdAt;
}
