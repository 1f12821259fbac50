package io.shakedown.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The figures of one passing run's scenario (table created by Flyway, V4__performance_baselines.sql). */
@Entity
@Table(name = "performance_baseline")
public class PerformanceBaseline extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The project of the run that recorded it (null when authentication is off). */
    public String project;

    public String app;

    public String environment;

    public String scenario;

    public UUID runId;

    /** Report.PerfFigures as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String figures;

    public Instant recordedAt;

    public boolean pinned;
}
