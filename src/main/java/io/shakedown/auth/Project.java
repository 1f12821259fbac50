package io.shakedown.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A project: owns runs; its tokens (and its GitHub repository's OIDC tokens) see only its runs. V3__projects_and_tokens.sql. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;

    public String githubRepository;

    public Instant createdAt;
}
