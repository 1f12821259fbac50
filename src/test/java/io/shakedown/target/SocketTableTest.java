package io.shakedown.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketTableTest {
    // Real lines from /proc/net/tcp and tcp6 (trimmed after the state column's neighbours).
    static final String TABLES = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
               1: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0
               2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 100 0 0 10 0
               1: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void parsesListeningSocketsOnly() {
        List<Socket> sockets = SocketTable.parseListening(TABLES);
        assertEquals(List.of(
                new Socket("tcp", "127.0.0.1", 8080),
                new Socket("tcp", "0.0.0.0", 3000),
                new Socket("tcp6", "0:0:0:0:0:0:0:1", 8081),
                new Socket("tcp6", "0:0:0:0:0:0:0:0", 8082)), sockets);
    }

    @Test
    void dockersEmbeddedDnsServerIsNotTheApps() {
        // on a user-defined network (a run with services) Docker's DNS listens on 127.0.0.11, a random port, in every container
        String withDns = TABLES + "   3: 0B00007F:B3AB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6 1 0000000000000000 100 0 0 10 0\n";
        assertEquals(SocketTable.parseListening(TABLES), SocketTable.parseListening(withDns));
    }

    @Test
    void loopbackOnlyIsNotReachable() {
        var reading = new SocketTable.Reading(SocketTable.parseListening(TABLES), "test");
        assertFalse(reading.reachableOn(8080), "127.0.0.1:8080 is loopback only");
        assertTrue(reading.reachableOn(3000));
        assertFalse(reading.reachableOn(8081), "::1 is loopback only");
        assertTrue(reading.reachableOn(8082), ":: is every interface");
        assertFalse(reading.reachableOn(9999));
    }

    @Test
    void ipv4MappedLoopbackCountsAsLoopback() {
        // ::ffff:127.0.0.1 as the kernel prints it
        String mapped = SocketTable.decodeAddress("0000000000000000FFFF00000100007F");
        assertTrue(SocketTable.isLoopback(mapped), mapped);
    }
}
