package io.shakedown.target;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.shakedown.spec.TargetSpec.SecurityProfile;
import java.util.List;
import java.util.Locale;

/**
 * Least privilege for every container a run starts, on an engine other projects share. Always no-new-privileges (a
 * setuid binary cannot gain what the process lacks) and all capabilities dropped, then added back per profile:
 * <ul>
 *   <li>{@code default}: what real images use at start — an entrypoint that fixes ownership of its data directory
 *       and drops from root to its user (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, SETUID, SETGID), a supervisor that
 *       signals its children (KILL), a server on a port below 1024 (NET_BIND_SERVICE). Left out of Docker's default
 *       set: NET_RAW (raw sockets: spoofing on the shared bridge), MKNOD, AUDIT_WRITE, SETFCAP, SETPCAP, SYS_CHROOT,
 *       which web apps do not need;</li>
 *   <li>{@code restricted}: none, as Kubernetes' "restricted" Pod Security Standard runs a pod — the spec option for an
 *       app headed to such a cluster, so that what it will lack there fails here first.</li>
 * </ul>
 */
public final class ContainerSecurity {
    static final List<Capability> DEFAULT_ADD = List.of(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER,
            Capability.FSETID, Capability.SETUID, Capability.SETGID, Capability.KILL, Capability.NET_BIND_SERVICE);

    private ContainerSecurity() {}

    public static HostConfig apply(HostConfig host, SecurityProfile profile) {
        host.withSecurityOpts(List.of("no-new-privileges:true")).withCapDrop(Capability.ALL);
        if (profile != SecurityProfile.RESTRICTED) host.withCapAdd(DEFAULT_ADD.toArray(Capability[]::new));
        return host;
    }

    /** The profile's name as the spec and the report write it. */
    public static String name(SecurityProfile profile) {
        return (profile == null ? SecurityProfile.DEFAULT : profile).name().toLowerCase(Locale.ROOT);
    }
}
