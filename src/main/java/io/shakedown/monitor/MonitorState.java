package io.shakedown.monitor;

/** A monitor's state (docs/monitors.md, "State"). */
public enum MonitorState {
    UP, DEGRADED, DOWN, PAUSED, UNKNOWN
}
