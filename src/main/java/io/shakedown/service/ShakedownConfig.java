package io.shakedown.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code shakedown.*} key of the service (each can also be set as an env var, e.g. SHAKEDOWN_MAX_CONCURRENT_RUNS). */
@ConfigMapping(prefix = "shakedown")
public interface ShakedownConfig {

    /** Stamped on every container; replicas sharing one database (and Docker engine) share it. */
    @WithDefault("default")
    String installationId();

    /** Names this replica in {@code owner_instance}; must differ between replicas. Empty = the host name. */
    Optional<String> instanceId();

    /** Runs this replica executes at once; more stay QUEUED in the database for any replica to claim. */
    @WithDefault("2")
    int maxConcurrentRuns();

    /**
     * The longest any run may take: a run's own deadline is its spec's budgets (startup, checks, flows, assets, load)
     * plus a margin, and never more than this. Past it the run ends ERROR naming the stage it was in.
     */
    @WithDefault("1h")
    Duration runDeadlineMax();

    /** How replicas notice each other's death (docs/scaling.md). */
    Replicas replicas();

    /** Secret values monitors name in their spec's {@code secrets:} (docs/monitors.md, "Secrets"). */
    MonitorSecrets monitorSecrets();

    interface MonitorSecrets {
        /**
         * A folder of secret files, one per name (a mounted Kubernetes Secret, /run/secrets of Docker); a project's own
         * in its sub-folder. Unset: only SHAKEDOWN_MONITOR_SECRET_NAME environment variables.
         */
        Optional<java.nio.file.Path> dir();
    }

    interface Replicas {
        /** How often a replica refreshes the heartbeat of the runs it executes (read by @Scheduled as a property expression). */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** A RUNNING run whose heartbeat is older than this belongs to a dead replica: a survivor ends it ERROR. */
        @WithDefault("30s")
        Duration staleAfter();

        /**
         * How often every replica looks for stale runs and reaps containers of runs that are no longer running (read by
         * RunRecovery's @Scheduled as a property expression).
         */
        @WithDefault("10s")
        Duration checkInterval();
    }

    /** Where the apps under test run: {@code docker} (default) or {@code kubernetes} (docs/kubernetes-runtime.md). */
    @WithDefault("docker")
    String runtime();

    /** The Kubernetes runtime: one pod per run (used when {@code shakedown.runtime=kubernetes}). */
    Kubernetes kubernetes();

    interface Kubernetes {
        /** Namespace of the runs' pods; empty = the client's namespace (the pod's own in a cluster). */
        Optional<String> namespace();

        /** Secrets in that namespace the kubelet uses to pull private images. */
        Optional<List<String>> imagePullSecrets();

        /** auto (pod IP inside a cluster, port-forward outside), pod-ip or port-forward. */
        @WithDefault("auto")
        String access();

        /** The pod's securityContext.runAsNonRoot: images that run as root are refused (POD_CONFIG_REJECTED). */
        @WithDefault("true")
        boolean runAsNonRoot();

        /** activeDeadlineSeconds of every pod: the cluster stops a pod whose Shakedown never came back. */
        @WithDefault("1h")
        Duration activeDeadline();
    }

    Docker docker();

    /** How long submitted runs keep their report and their row (monitor runs: shakedown.monitors.retention). */
    Retention retention();

    interface Retention {
        /** Finished runs older than this keep their summary row and lose the full report, spec copy and load report. */
        @WithDefault("90d")
        Duration reportAge();

        /** Summary rows older than this are deleted. */
        @WithDefault("400d")
        Duration rowAge();

        /** How often retention runs. */
        @WithDefault("1h")
        Duration every();

        /** Per project: {@code shakedown.retention.projects."shop".report-age=14d} (unset ages fall back to the defaults above). */
        Map<String, ProjectAges> projects();

        interface ProjectAges {
            Optional<Duration> reportAge();

            Optional<Duration> rowAge();
        }
    }

    /** Free space Shakedown needs on the Docker data root and its own folders (docs/operations.md, "Disk space"). */
    Disk disk();

    interface Disk {
        /** Below this, health is DOWN and new runs end ERROR at once (running runs finish). */
        @WithDefault("2G")
        @WithConverter(MemorySizeConverter.class)
        MemorySize minFree();

        /** Below this, health stays UP but says "warning". */
        @WithDefault("10G")
        @WithConverter(MemorySizeConverter.class)
        MemorySize warnFree();

        /** How long a measurement is reused (a remote engine's is a helper container). */
        @WithDefault("30s")
        Duration checkEvery();
    }

    /** What happens to the images Shakedown pulls (docs/operations.md, "Images Shakedown pulled"). */
    Images images();

    interface Images {
        /** false: pulled images stay on the engine for ever (the operator prunes them). */
        @WithDefault("true")
        boolean removePulled();

        /** How many of each repository's pulled tags stay (most recently used first); 0: each goes once no run needs it. */
        @WithDefault("0")
        int keepRecent();
    }

    Registry registry();

    /** Image used by the engine to inspect shell-less containers. */
    @WithDefault("busybox:1.36")
    String helperImage();

    /** Largest accepted spec body; bigger submissions get 413. */
    @WithDefault("256K")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxSpecSize();

    /** Defaults for {@code ?wait=} (named "waiting" because an interface cannot declare wait()). */
    @WithName("wait")
    Waiting waiting();

    /** How long a graceful shutdown waits for cancelled runs to report before marking them ERROR. */
    @WithDefault("20")
    int shutdownGraceSeconds();

    /** The browser stage (docs/operations.md, "Browser"). */
    Browser browser();

    interface Browser {
        /** Headless Chromiums at once in this process; a run waits for a free one (cancellable). */
        @WithDefault("2")
        int maxConcurrent();
    }

    /** Rule packs beyond the built-in validator-rules/ (docs/rules.md). */
    Rules rules();

    interface Rules {
        /** Extra rule folders (*.yaml); a broken file stops the service at start with file, field and line. */
        Optional<List<String>> dirs();
    }

    /** API tokens per project, the admin token, GitHub Actions OIDC (docs/api.md, "Authentication"). */
    Auth auth();

    interface Auth {
        /** Off only for single-user local use: then no token is asked for and every run is visible. */
        @WithDefault("true")
        boolean enabled();

        /** Guards /api/v1/admin (creating projects and tokens). Required while auth is enabled. */
        Optional<String> adminToken();

        @WithName("github-oidc")
        GitHubOidc githubOidc();

        interface GitHubOidc {
            @WithDefault("false")
            boolean enabled();

            @WithDefault("https://token.actions.githubusercontent.com")
            String issuer();

            @WithDefault("https://token.actions.githubusercontent.com/.well-known/jwks")
            String jwksUrl();

            /** The audience the workflow asks for (the action's default: "shakedown"). */
            @WithDefault("shakedown")
            String audience();
        }
    }

    /** The performance stage (Gatling in a forked JVM). */
    Perf perf();

    interface Perf {
        /** Folder holding perf-runner.jar and lib/; empty = perf-runner/target found next to the application. */
        Optional<String> runnerHome();

        /** -Xmx of the forked load runner. */
        @WithDefault("512m")
        String heap();

        /** Where each run's Gatling output (HTML report) is kept: &lt;work-dir&gt;/&lt;run id&gt;/; empty = java.io.tmpdir/shakedown/perf. */
        Optional<String> workDir();

        /** CPUs the load runner may use, as taskset takes them ("2,3"); empty = any (docs/performance-testing.md). */
        Optional<String> generatorCpus();
    }

    interface Docker {
        /** e.g. unix:///var/run/docker.sock; empty = DOCKER_HOST or docker-java's default. */
        Optional<String> host();

        /**
         * Empty: apps are published on 127.0.0.1 and reached there (Shakedown runs on the Docker host). A network name
         * (e.g. {@code bridge}, or Compose's {@code shakedown-runs}): apps run on that network and are reached at their IP
         * there — for Shakedown in a container on the same network, where the host's 127.0.0.1 is out of reach.
         */
        Optional<String> network();
    }

    interface Registry {
        Optional<String> username();

        Optional<String> password();
    }

    interface Waiting {
        /** Seconds a request waits when it gives no {@code wait} parameter. */
        @WithName("default")
        @WithDefault("0")
        int defaultSeconds();

        /** Larger {@code wait} values are capped to this many seconds. */
        @WithName("max")
        @WithDefault("600")
        int maxSeconds();
    }
}
