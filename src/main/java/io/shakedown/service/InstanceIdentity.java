package io.shakedown.service;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This replica's name in the database ({@code owner_instance}): configured, else the host name. */
@Singleton
public class InstanceIdentity {
    private final String id;

    public InstanceIdentity(ShakedownConfig config) {
        this.id = config.instanceId().filter(s -> !s.isBlank()).orElseGet(InstanceIdentity::hostName);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME"); // set in containers, where it is the pod/container name
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
