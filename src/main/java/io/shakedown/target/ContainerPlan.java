package io.shakedown.target;

import io.shakedown.spec.JobSpec;
import io.shakedown.spec.ReadinessSpec;
import io.shakedown.spec.ServiceSpec;
import io.shakedown.spec.TargetSpec;
import java.util.List;
import java.util.Map;

/**
 * One container of a run as Docker will create it: the app, a backing service or an init job. {@code network} is the
 * run's own network (null when the run has none: the app alone, as before), {@code alias} the name the others reach
 * it by there, {@code publish} whether its port is published on 127.0.0.1 for Shakedown's own probes, {@code security}
 * its privileges ({@link ContainerSecurity}): the app's as its spec says, services' and jobs' the default profile;
 * {@code healthcheck} a health check command Docker runs in it (a service's readiness, as Compose's healthcheck.test), or null;
 * {@code entrypoint} (null: the image's) and {@code tmpfs} (paths, with options after a colon) as a service's spec says.
 */
record ContainerPlan(String role, String label, String image, Integer port, Map<String, String> env, List<String> command,
                     TargetSpec.Resources resources, String network, String alias, boolean publish, TargetSpec.SecurityProfile security,
                     ReadinessSpec.Healthcheck healthcheck, List<String> entrypoint, List<String> tmpfs) {

    static ContainerPlan app(TargetSpec spec, String network) {
        return new ContainerPlan("target", null, spec.image(), spec.port(), spec.env(), spec.command(), spec.resources(), network, null, true, spec.security(), null, null, List.of());
    }

    /**
     * A service is reached by the app on the network, so nothing is published for it unless a readiness strategy
     * probes it from Shakedown's side (http, or port when no socket table can be read): then on 127.0.0.1, a random port.
     */
    static ContainerPlan service(String name, ServiceSpec spec, String network) {
        boolean probedFromHost = spec.readiness().strategies().stream()
                .anyMatch(s -> s instanceof ReadinessSpec.Http || s instanceof ReadinessSpec.Port);
        var healthcheck = spec.readiness().strategies().stream()
                .filter(s -> s instanceof ReadinessSpec.Healthcheck h && h.test() != null).map(ReadinessSpec.Healthcheck.class::cast).findFirst().orElse(null);
        return new ContainerPlan("service", name, spec.image(), spec.port(), spec.env(), spec.command(), spec.resources(), network, name, probedFromHost,
                TargetSpec.SecurityProfile.DEFAULT, healthcheck, spec.entrypoint(), spec.tmpfs());
    }

    static ContainerPlan job(JobSpec job, String image, String network) {
        return new ContainerPlan("job", job.name(), image, null, job.env(), job.command(), job.resources(), network, null, false, TargetSpec.SecurityProfile.DEFAULT, null, null, List.of());
    }
}
