package io.shakedown.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One validation run (table created by Flyway, V1__validation_runs.sql). UUID ids need no sequence. */
@Entity
@Table(name = "validation_run")
public class ValidationRun extends PanacheEntityBase {

    @Id
    public UUID id;

    public String app;

    public String environment;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    @Column(name = "spec_text")
    public String specText;

    /** "yaml" or "json". */
    @Column(name = "spec_format")
    public String specFormat;

    public String target;

    public String summary;

    /** The engine's report, as JSON text stored in a jsonb column. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String report;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "owner_instance")
    public String ownerInstance;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    /** The replica holding this run's secret values in memory; only it may claim the run. Null: no secrets. */
    @Column(name = "secrets_holder")
    public String secretsHolder;

    /** Files sent with the submission, as a JSON object of name to text; null when none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spec_files", columnDefinition = "jsonb")
    public String specFiles;

    /** The project that submitted it (V3__projects_and_tokens.sql); null when authentication is off. */
    public String project;
}
