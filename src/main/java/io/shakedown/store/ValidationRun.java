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

    public String specText;

    /** "yaml" or "json". */
    public String specFormat;

    public String target;

    public String summary;

    /** The engine's report, as JSON text stored in a jsonb column. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String report;

    public Instant createdAt;

    public Instant startedAt;

    public Instant finishedAt;

    public String ownerInstance;

    public Instant heartbeatAt;

    public boolean cancelRequested;

    /** The replica holding this run's secret values in memory; only it may claim the run. Null: no secrets. */
    public String secretsHolder;

    /** Files sent with the submission, as a JSON object of name to text; null when none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String specFiles;

    /** The project that submitted it (V3__projects_and_tokens.sql); null when authentication is off. */
    public String project;

    /**
     * Whether {@code caller} (a project; null: authentication is off) may see this run: its own runs only. Someone
     * else's run is "not found", exactly like a run that does not exist.
     */
    public boolean visibleTo(String caller) {
        return caller == null || caller.equals(project);
    }
}
