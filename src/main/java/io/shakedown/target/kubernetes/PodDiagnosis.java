package io.shakedown.target.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.shakedown.report.DiagnosisKind;
import io.shakedown.report.Report.Diagnosis;
import io.shakedown.spec.TargetSpec;
import io.shakedown.target.ExitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a pod's status and events say about why the app is not ready. Pure functions of the recorded
 * documents (tests feed it pod-status JSON captured from clusters). Each diagnosis carries its evidence: the
 * container state's reason and message, the pod condition, the events, the exit code and the log tail.
 * Empty when the pod runs and nothing in its status explains anything: then the HTTP diagnosis applies.
 */
public final class PodDiagnosis {
    static final String CONTAINER = "app";
    private static final int LOG_LINES = 12;
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private PodDiagnosis() {}

    /**
     * The pod's container has stopped for good, or can never start (image cannot be pulled, configuration refused):
     * readiness stops waiting at once. Not for a pod that cannot be scheduled yet: a cluster autoscaler may still
     * add a node, so that one waits out the startup timeout.
     */
    public static Optional<ExitInfo> exit(Pod pod, long runMillis) {
        ContainerStatus cs = container(pod);
        if (cs == null || cs.getState() == null) {
            if (pod != null && pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
                return Optional.of(new ExitInfo(-1, false, "pod failed: " + pod.getStatus().getReason() + " " + nullToEmpty(pod.getStatus().getMessage()), runMillis));
            }
            return Optional.empty();
        }
        var terminated = cs.getState().getTerminated();
        if (terminated != null) {
            return Optional.of(new ExitInfo(code(terminated), "OOMKilled".equals(terminated.getReason()), terminated.getReason(), runMillis));
        }
        var waiting = cs.getState().getWaiting();
        if (waiting != null && (PULL_FAILURES.contains(waiting.getReason()) || CONFIG_FAILURES.contains(waiting.getReason())
                || "CrashLoopBackOff".equals(waiting.getReason()))) {
            var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
            return Optional.of(new ExitInfo(last == null ? -1 : code(last), last != null && "OOMKilled".equals(last.getReason()),
                    waiting.getReason(), runMillis));
        }
        return Optional.empty();
    }

    /**
     * The diagnosis the pod explains by itself, if any. {@code logTail} is asked only when a crash needs it.
     * A null pod means it was deleted while the run used it.
     */
    public static Optional<Diagnosis> diagnose(Pod pod, List<Event> events, Supplier<List<String>> logTail, TargetSpec spec) {
        if (pod == null) {
            return Optional.of(new Diagnosis(DiagnosisKind.POD_REMOVED, "the pod disappeared: it was deleted outside this run", List.of(),
                    "another process deleted the pod (a second Shakedown sharing this installation id, or a namespace clean-up?); run again", null));
        }
        List<String> eventLines = events.stream()
                .filter(e -> !"Normal".equals(e.getType()) || "Killing".equals(e.getReason()))
                .map(e -> "event " + e.getReason() + (e.getCount() != null && e.getCount() > 1 ? " (×" + e.getCount() + ")" : "") + ": " + e.getMessage())
                .distinct().toList();
        ContainerStatus cs = container(pod);
        var waiting = cs == null || cs.getState() == null ? null : cs.getState().getWaiting();
        var terminated = cs == null || cs.getState() == null ? null : cs.getState().getTerminated();

        if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
            String message = nullToEmpty(waiting.getMessage());
            List<String> evidence = new ArrayList<>();
            evidence.add("container " + CONTAINER + " waiting: " + waiting.getReason() + (message.isEmpty() ? "" : ": " + message));
            evidence.addAll(eventLines);
            String all = (message + " " + String.join(" ", eventLines)).toLowerCase(Locale.ROOT);
            boolean credentials = containsAny(all, "unauthorized", "authentication required", "denied", "403 forbidden", "401", "no basic auth credentials");
            boolean name = containsAny(all, "not found", "manifest unknown", "does not exist", "invalid reference format", "repository does not exist", "name unknown");
            String hint = "InvalidImageName".equals(waiting.getReason()) || (name && !credentials)
                    ? "check the image name and tag (" + spec.image() + "): the registry does not have it, or the cluster pulls from another registry than your pipeline pushed to"
                    : credentials
                    ? "the registry refused the cluster's credentials: add an image pull secret for it to the runs' namespace and list it in shakedown.kubernetes.image-pull-secrets"
                    : "check that the nodes reach the registry, that the image name and tag exist, and that shakedown.kubernetes.image-pull-secrets holds credentials for a private registry";
            return Optional.of(new Diagnosis(DiagnosisKind.IMAGE_PULL_FAILED, "the cluster could not pull " + spec.image()
                    + (credentials ? " (the registry refused the credentials)" : name ? " (no such image or tag)" : "") + ": " + waiting.getReason(),
                    evidence, hint, null));
        }
        if (waiting != null && CONFIG_FAILURES.contains(waiting.getReason())) {
            String message = nullToEmpty(waiting.getMessage());
            List<String> evidence = new ArrayList<>();
            evidence.add("container " + CONTAINER + " waiting: " + waiting.getReason() + ": " + message);
            evidence.addAll(eventLines);
            String hint = message.contains("runAsNonRoot") || message.contains("non-root")
                    ? "the image runs as root, which the pod's securityContext refuses: set a numeric non-root USER in the Dockerfile (production clusters often demand it), or set shakedown.kubernetes.run-as-non-root=false"
                    : "the kubelet refused the container's configuration: read the message above";
            return Optional.of(new Diagnosis(DiagnosisKind.POD_CONFIG_REJECTED, "the kubelet could not create the container: " + message, evidence, hint, null));
        }
        ContainerStateTerminated crashed = terminated != null ? terminated
                : waiting != null && "CrashLoopBackOff".equals(waiting.getReason()) && cs.getLastState() != null ? cs.getLastState().getTerminated() : null;
        if (crashed != null) {
            boolean loop = terminated == null;
            boolean oom = "OOMKilled".equals(crashed.getReason());
            List<String> evidence = new ArrayList<>();
            evidence.add("container " + CONTAINER + (loop ? " in CrashLoopBackOff after " + cs.getRestartCount() + " restart(s); last" : "")
                    + " terminated: exit code " + code(crashed) + ", reason " + crashed.getReason()
                    + (crashed.getMessage() == null ? "" : ", message " + crashed.getMessage()));
            evidence.addAll(eventLines);
            List<String> tail = logTail.get();
            if (!tail.isEmpty()) {
                evidence.add("last " + Math.min(LOG_LINES, tail.size()) + " log line(s):");
                tail.subList(Math.max(0, tail.size() - LOG_LINES), tail.size()).forEach(l -> evidence.add("  " + l));
            } else {
                evidence.add("the container wrote no log");
            }
            if (oom) {
                String limit = limit(pod, "memory");
                return Optional.of(new Diagnosis(DiagnosisKind.OOM_KILLED, "the container was killed by the kernel's OOM killer"
                        + (limit == null ? "" : " at its memory limit of " + limit), evidence,
                        "raise target.resources.memory, or cap the app's own memory below the limit (e.g. -XX:MaxRAMPercentage for a JVM)", null));
            }
            String summary = (loop ? "the container keeps crashing (CrashLoopBackOff): last exit code " : "the container exited with code ")
                    + code(crashed) + " (" + crashed.getReason() + "), before it was ready";
            // the readiness diagnoser turns this hint into "the log says X is missing" when the log tail says so
            return Optional.of(new Diagnosis(DiagnosisKind.EXITED, summary, evidence, "read the last log lines above: the app stopped by itself", null));
        }
        PodCondition scheduled = condition(pod, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus())) {
            List<String> evidence = new ArrayList<>();
            evidence.add("pod condition PodScheduled=False, reason " + scheduled.getReason() + ": " + nullToEmpty(scheduled.getMessage()));
            evidence.addAll(eventLines);
            String why = events.stream().filter(e -> "FailedScheduling".equals(e.getReason())).map(Event::getMessage).reduce((a, b) -> b)
                    .orElse(nullToEmpty(scheduled.getMessage()));
            String lower = why.toLowerCase(Locale.ROOT);
            String hint = lower.contains("insufficient memory") || lower.contains("insufficient cpu")
                    ? "no node has the requested target.resources free: lower them, or make room (a smaller app, another namespace quota, more nodes)"
                    : lower.contains("taint") || lower.contains("affinity") || lower.contains("selector")
                    ? "no node accepts the pod (taints, node selectors or affinity): run the runs' namespace on schedulable nodes"
                    : "read the scheduler's message above";
            return Optional.of(new Diagnosis(DiagnosisKind.UNSCHEDULABLE, "the pod could not be scheduled: " + why, evidence, hint, null));
        }
        if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
            List<String> evidence = new ArrayList<>();
            evidence.add("pod phase Failed, reason " + pod.getStatus().getReason() + ": " + nullToEmpty(pod.getStatus().getMessage()));
            evidence.addAll(eventLines);
            return Optional.of(new Diagnosis(DiagnosisKind.POD_REMOVED, "the cluster ended the pod: " + pod.getStatus().getReason(), evidence,
                    "Evicted: the node ran short of resources; DeadlineExceeded: raise shakedown.kubernetes.active-deadline", null));
        }
        return Optional.empty();
    }

    static ContainerStatus container(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return null;
        return pod.getStatus().getContainerStatuses().stream().filter(c -> CONTAINER.equals(c.getName())).findFirst()
                .orElse(pod.getStatus().getContainerStatuses().stream().findFirst().orElse(null));
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return null;
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static String limit(Pod pod, String resource) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) return null;
        var r = pod.getSpec().getContainers().getFirst().getResources();
        if (r == null || r.getLimits() == null || r.getLimits().get(resource) == null) return null;
        return r.getLimits().get(resource).toString();
    }

    private static long code(ContainerStateTerminated t) {
        return t.getExitCode() == null ? -1 : t.getExitCode();
    }

    private static boolean containsAny(String s, String... words) {
        for (String w : words) if (s.contains(w)) return true;
        return false;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
