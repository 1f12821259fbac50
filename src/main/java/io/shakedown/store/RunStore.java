package io.shakedown.store;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every read and write of {@code validation_run}. Each method is its own short transaction, so it can be
 * called from any thread (request workers, run threads, timers) and never holds row locks across a run.
 * Entities handed out are detached snapshots.
 */
@ApplicationScoped
public class RunStore {

    public static final String INTERRUPTED = "interrupted by restart";

    @Inject
    EntityManager em;
    /** Fired for every run queued, whoever queued it (API, monitors, gates): the service's metrics count them. */
    @Inject
    Event<RunQueued> queued;

    /** A run was stored QUEUED. */
    public record RunQueued(UUID id, String app) {}

    /** A run this instance just claimed. */
    /** A claimed run: its spec, and for a monitor's run the monitor and project (its secrets are the service's). */
    public record Claim(UUID id, String specText, String specFiles, UUID monitorId, String project) {}

    public enum CancelOutcome { NOT_FOUND, ALREADY_FINISHED, CANCELLED, CANCEL_REQUESTED }

    public record CancelResult(CancelOutcome outcome, ValidationRun run) {}

    @Transactional
    public ValidationRun createQueued(String app, String environment, String target, String specText, String specFormat) {
        return createQueued(app, environment, target, specText, specFormat, null);
    }

    @Transactional
    public ValidationRun createQueued(String app, String environment, String target, String specText, String specFormat, String project) {
        return createQueued(app, environment, target, specText, specFormat, project, null, null);
    }

    /**
     * {@code project}: the submitting project (null when authentication is off); {@code secretsHolder}: the instance
     * holding the run's secret values (only it may claim the run).
     */
    @Transactional
    public ValidationRun createQueued(String app, String environment, String target, String specText, String specFormat,
                                      String project, String specFilesJson, String secretsHolder) {
        return createQueued(UUID.randomUUID(), app, environment, target, specText, specFormat, project, specFilesJson, secretsHolder);
    }

    /**
     * As above, with the id chosen by the caller: a run with secrets has its values put in the {@link SecretVault}
     * under this id first, so they are in place before the row exists and the dispatcher can claim it.
     */
    @Transactional
    public ValidationRun createQueued(UUID id, String app, String environment, String target, String specText, String specFormat,
                                      String project, String specFilesJson, String secretsHolder) {
        ValidationRun run = new ValidationRun();
        run.project = project;
        run.id = id;
        run.app = app;
        run.environment = environment;
        run.target = target;
        run.specText = specText;
        run.specFormat = specFormat;
        run.status = RunStatus.QUEUED;
        run.specFiles = specFilesJson;
        run.secretsHolder = secretsHolder;
        run.createdAt = Instant.now();
        run.persist();
        queued.fire(new RunQueued(run.id, app));
        return run;
    }

    /**
     * The run of a monitor's tick, QUEUED like any other and waiting to be counted by its monitor; empty when that tick
     * already has its run (another replica got there first: the unique key on (monitor_id, scheduled_at) decides).
     * Joins the caller's transaction, which holds the monitor's row lock.
     */
    @Transactional
    public Optional<UUID> createMonitorRun(UUID monitorId, String project, String app, String environment, String target,
                                           String specText, Instant tick, boolean inMaintenance) {
        UUID id = UUID.randomUUID();
        int inserted = em.createNativeQuery("""
                insert into validation_run (id, app, environment, status, spec_text, spec_format, target, created_at, project,
                                            monitor_id, scheduled_at, in_maintenance, monitor_pending)
                values (:id, :app, :environment, 'QUEUED', :spec, 'json', :target, clock_timestamp(), :project, :monitor, :tick, :maintenance, true)
                on conflict (monitor_id, scheduled_at) do nothing""")
                .setParameter("id", id).setParameter("app", app).setParameter("environment", environment).setParameter("spec", specText)
                .setParameter("target", target).setParameter("project", project).setParameter("monitor", monitorId)
                .setParameter("tick", tick).setParameter("maintenance", inMaintenance).executeUpdate();
        if (inserted != 1) return Optional.empty();
        queued.fire(new RunQueued(id, app));
        return Optional.of(id);
    }

    /** A run's status; empty when there is no such run. Joins the caller's transaction. */
    @Transactional
    public Optional<RunStatus> status(UUID id) {
        return Optional.ofNullable(em.find(ValidationRun.class, id)).map(r -> r.status);
    }

    /** Of {@code ids}, those whose run has ended (any replica ended it, or it was cancelled while QUEUED). */
    @Transactional(TxType.REQUIRES_NEW)
    public Set<UUID> ended(Collection<UUID> ids) {
        if (ids.isEmpty()) return Set.of();
        @SuppressWarnings("unchecked")
        List<UUID> done = em.createNativeQuery("select id from validation_run where id in (:ids) and status not in ('QUEUED', 'RUNNING')", UUID.class)
                .setParameter("ids", List.copyOf(ids)).getResultList();
        return Set.copyOf(done);
    }

    /** Of {@code ids}, those that have a row (committed). */
    @Transactional(TxType.REQUIRES_NEW)
    public Set<UUID> existing(Collection<UUID> ids) {
        if (ids.isEmpty()) return Set.of();
        @SuppressWarnings("unchecked")
        List<UUID> found = em.createNativeQuery("select id from validation_run where id in (:ids)", UUID.class)
                .setParameter("ids", List.copyOf(ids)).getResultList();
        return Set.copyOf(found);
    }

    /** A deleted monitor's runs are no longer waiting to be counted (nothing would count them). */
    @Transactional
    public void releaseMonitorRuns(UUID monitorId) {
        em.createNativeQuery("update validation_run set monitor_pending = false where monitor_id = :monitor and monitor_pending")
                .setParameter("monitor", monitorId).executeUpdate();
    }

    /** Its monitor counted this run; {@code figuresJson}: its key figures, kept after retention drops the report. */
    @Transactional
    public void monitorCounted(UUID runId, String figuresJson) {
        em.createNativeQuery("update validation_run set monitor_pending = false, figures = cast(:figures as jsonb) where id = :id")
                .setParameter("figures", figuresJson).setParameter("id", runId).executeUpdate();
    }

    /** Runs waiting to be claimed, by any replica. */
    @Transactional(TxType.REQUIRES_NEW)
    public long countQueued() {
        return ValidationRun.count("status", RunStatus.QUEUED);
    }

    @Transactional
    public Optional<ValidationRun> find(UUID id) {
        return Optional.ofNullable(em.find(ValidationRun.class, id));
    }

    /**
     * The run if {@code project} may see it: its own runs only (null project: authentication is off, all runs).
     * Someone else's run is "not found", exactly like a run that does not exist.
     */
    @Transactional
    public Optional<ValidationRun> find(UUID id, String project) {
        return find(id).filter(r -> r.visibleTo(project));
    }

    /** Newest first; null filters are ignored. */
    @Transactional
    public List<ValidationRun> list(String app, String environment, RunStatus status, int limit) {
        return list(app, environment, status, limit, null);
    }

    /** Newest first, of {@code project} only (null: every project); null filters are ignored. */
    @Transactional
    public List<ValidationRun> list(String app, String environment, RunStatus status, int limit, String project) {
        var where = new ArrayList<String>();
        var params = new Parameters();
        if (project != null) { where.add("project = :project"); params.and("project", project); }
        if (app != null) { where.add("app = :app"); params.and("app", app); }
        if (environment != null) { where.add("environment = :environment"); params.and("environment", environment); }
        if (status != null) { where.add("status = :status"); params.and("status", status); }
        Sort newest = Sort.descending("createdAt").and("id");
        var query = where.isEmpty()
                ? ValidationRun.<ValidationRun>findAll(newest)
                : ValidationRun.<ValidationRun>find(String.join(" and ", where), newest, params);
        return query.page(0, limit).list();
    }

    /**
     * Claims the oldest QUEUED run for {@code instance}. SKIP LOCKED lets replicas claim concurrently
     * without waiting on (or double-claiming) each other's rows.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Claim> claimNext(String instance) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update validation_run
                   set status = 'RUNNING', owner_instance = :me, started_at = now(), heartbeat_at = now()
                 where id = (select id from validation_run
                              where status = 'QUEUED'
                                and (secrets_holder is null or secrets_holder = :me)
                              order by created_at
                              limit 1
                              for update skip locked)
                returning id, spec_text, cast(spec_files as text), monitor_id, project""")
                .setParameter("me", instance)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Claim((UUID) r[0], (String) r[1], (String) r[2], (UUID) r[3], (String) r[4]));
    }

    /**
     * Records the end of a run, only if it is still RUNNING under {@code owner}: a run that recovery or
     * shutdown has already closed keeps that outcome.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean finish(UUID id, String owner, RunStatus status, String summary, String reportJson) {
        return finishReturning(id, owner, status, summary, reportJson).isPresent();
    }

    /**
     * As {@link #finish}, in one statement that also returns the row as stored (report included, as PostgreSQL keeps
     * it), so whoever waits for the verdict gets it without reading it again; empty when the run was not RUNNING under
     * {@code owner} (closed elsewhere: nothing is changed).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<ValidationRun> finishReturning(UUID id, String owner, RunStatus status, String summary, String reportJson) {
        var update = em.createNativeQuery("""
                update validation_run
                   set status = :status, summary = :summary, finished_at = :finished, report = %s
                 where id = :id and status = 'RUNNING' and owner_instance = :me
                returning *""".formatted(reportJson == null ? "null" : "cast(:report as jsonb)"), ValidationRun.class)
                .setParameter("status", status.name()).setParameter("summary", summary).setParameter("finished", Instant.now())
                .setParameter("id", id).setParameter("me", owner);
        if (reportJson != null) update.setParameter("report", reportJson);
        @SuppressWarnings("unchecked")
        List<ValidationRun> rows = update.getResultList();
        return rows.stream().findFirst();
    }

    /**
     * Refreshes the heartbeat of {@code ids} (database clock, so replicas' clocks don't matter) and returns
     * those this instance should stop: cancel requested, or no longer RUNNING here.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Set<UUID> heartbeat(String owner, Collection<UUID> live) {
        List<UUID> ids = List.copyOf(live); // one snapshot for both statements and the answer
        em.createNativeQuery("""
                update validation_run set heartbeat_at = now()
                 where id in (:ids) and status = 'RUNNING' and owner_instance = :me""")
                .setParameter("ids", ids).setParameter("me", owner).executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> keep = em.createNativeQuery("""
                select id from validation_run
                 where id in (:ids) and status = 'RUNNING' and owner_instance = :me and not cancel_requested""", UUID.class)
                .setParameter("ids", ids).setParameter("me", owner).getResultList();
        Set<UUID> stop = new HashSet<>(ids);
        keep.forEach(stop::remove);
        return stop;
    }

    /** A run recovery closed, and the summary it got. */
    public record Closed(UUID id, String summary) {}

    private static final String RUN_STOPPED = " stopped during the run";
    private static final String HOLDER_STOPPED = " stopped before the run started; it held the run's secret values in memory only: submit again";

    /** The summary of a run whose replica stopped heartbeating while it executed it. */
    public static String replicaStopped(String replica) {
        return "replica " + replica + RUN_STOPPED;
    }

    /**
     * Ends ERROR the RUNNING runs nobody executes any more: those whose heartbeat is older than
     * {@code staleSeconds} ("replica &lt;owner&gt; stopped during the run": a dead replica, seen by a survivor)
     * and, when {@code includeOwn}, those owned by {@code owner} that it is not executing ({@code executing}),
     * left over from its previous life ("interrupted by restart"). Never re-queued: see docs/scaling.md.
     * The row update is the arbiter: two survivors checking at once close each run once.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public List<Closed> recoverInterrupted(String owner, boolean includeOwn, Collection<UUID> executing, long staleSeconds) {
        var exclude = new ArrayList<UUID>(executing);
        exclude.add(new UUID(0, 0)); // "in ()" is not valid SQL
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update validation_run
                   set status = 'ERROR', finished_at = now(),
                       summary = case when owner_instance = :me or owner_instance is null then :interrupted
                                      else 'replica ' || owner_instance || :stopped end
                 where status = 'RUNNING'
                   and id not in (:executing)
                   and ((:includeOwn and owner_instance = :me)
                        or heartbeat_at is null
                        or heartbeat_at < now() - (:stale * interval '1 second'))
                returning id, summary""")
                .setParameter("interrupted", INTERRUPTED)
                .setParameter("stopped", RUN_STOPPED)
                .setParameter("executing", exclude)
                .setParameter("includeOwn", includeOwn)
                .setParameter("me", owner)
                .setParameter("stale", staleSeconds)
                .getResultList();
        return rows.stream().map(r -> new Closed((UUID) r[0], (String) r[1])).toList();
    }

    /** Records that replica {@code instance} is alive (database clock); {@code starting}: it has just started. */
    @Transactional(TxType.REQUIRES_NEW)
    public void replicaAlive(String instance, boolean starting) {
        em.createNativeQuery("""
                insert into replica (instance_id, started_at, heartbeat_at) values (:me, now(), now())
                on conflict (instance_id) do update
                   set heartbeat_at = now(),
                       started_at = case when :starting then now() else replica.started_at end""")
                .setParameter("me", instance).setParameter("starting", starting).executeUpdate();
    }

    /**
     * Ends ERROR the QUEUED runs only another, dead replica could claim: the holder of their secret values has not
     * heartbeaten for {@code staleSeconds}. A holder with no replica row (a version before V7) is left alone.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public List<Closed> failSecretsOfDeadReplicas(String me, long staleSeconds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update validation_run v
                   set status = 'ERROR', finished_at = now(),
                       summary = 'replica ' || v.secrets_holder || :stopped
                 where v.status = 'QUEUED' and v.secrets_holder is not null and v.secrets_holder <> :me
                   and exists (select 1 from replica r where r.instance_id = v.secrets_holder
                                  and r.heartbeat_at < now() - (:stale * interval '1 second'))
                returning v.id, v.summary""")
                .setParameter("me", me).setParameter("stale", staleSeconds).setParameter("stopped", HOLDER_STOPPED).getResultList();
        return rows.stream().map(r -> new Closed((UUID) r[0], (String) r[1])).toList();
    }

    /**
     * Ends ERROR the QUEUED runs whose secret values {@code holder} held in memory before it restarted: nobody
     * has them any more. Returns their ids.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public List<UUID> failLostSecrets(String holder) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("""
                update validation_run
                   set status = 'ERROR', summary = :summary, finished_at = now()
                 where status = 'QUEUED' and secrets_holder = :me
                returning id""", UUID.class)
                .setParameter("summary", SecretVault.LOST)
                .setParameter("me", holder)
                .getResultList();
        return ids;
    }

    /** True while a run with this id is RUNNING on some (live) instance; the container reaper keeps those. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean isRunning(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return ValidationRun.count("id = ?1 and status = ?2", id, RunStatus.RUNNING) > 0;
    }

    /**
     * Cancels a QUEUED run at once; for a RUNNING one only records the request (its owner stops it).
     * The row lock orders this against a concurrent claim. With a {@code project}, only that project's runs
     * (another project's run is NOT_FOUND); null means any run (authentication switched off).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public CancelResult requestCancel(UUID id, String project) {
        ValidationRun run = em.find(ValidationRun.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !run.visibleTo(project)) return new CancelResult(CancelOutcome.NOT_FOUND, null);
        switch (run.status) {
            case QUEUED -> {
                run.status = RunStatus.CANCELLED;
                run.cancelRequested = true;
                run.summary = "cancelled before it started";
                run.finishedAt = Instant.now();
                return new CancelResult(CancelOutcome.CANCELLED, run);
            }
            case RUNNING -> {
                run.cancelRequested = true;
                return new CancelResult(CancelOutcome.CANCEL_REQUESTED, run);
            }
            default -> {
                return new CancelResult(CancelOutcome.ALREADY_FINISHED, run);
            }
        }
    }
}
