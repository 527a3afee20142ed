package graphintro.testserver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Runs a Neo4j Community server in-process (neo4j-harness) for tests.
 *
 * <p>Bolt listens on 127.0.0.1 only, auth is disabled, HTTP is off unless
 * {@code --http-port} is given (then it is on 127.0.0.1 too). The harness puts
 * its store in a random sub-folder of {@code --data}, which it deletes on a
 * clean shutdown (SIGTERM). Once Bolt is up, the bolt URI is written atomically
 * to {@code --uri-file}; the caller polls for it. Everything this class prints
 * goes to stdout/stderr, which the calling script redirects to the log file.
 *
 * <pre>
 * java -cp ... graphintro.testserver.Launcher --data DIR --uri-file FILE
 *      [--port N (0 = any free port; default 7687)] [--http-port N] [--pagecache 64m]
 * </pre>
 */
public final class Launcher {
    private static final String LOOPBACK = "127.0.0.1";

    private Launcher() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            // Summary last, so that the tail of the log shows it.
            StringBuilder chain = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                chain.append(chain.length() == 0 ? "" : " <- caused by: ").append(c);
            }
            log("FATAL: Neo4j failed to start: " + chain);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int port = 7687;
        int httpPort = -1;
        Path data = null;
        Path uriFile = null;
        long pagecache = parseSize("64m");
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> { port = Integer.parseInt(require(a, v)); i++; }
                case "--http-port" -> { httpPort = Integer.parseInt(require(a, v)); i++; }
                case "--data" -> { data = Path.of(require(a, v)).toAbsolutePath(); i++; }
                case "--uri-file" -> { uriFile = Path.of(require(a, v)).toAbsolutePath(); i++; }
                case "--pagecache" -> { pagecache = parseSize(require(a, v)); i++; }
                case "--password-file" -> {
                    password = Files.readString(Path.of(require(a, v)), StandardCharsets.UTF_8).strip();
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (data == null || uriFile == null) {
            throw new IllegalArgumentException("--data and --uri-file are required");
        }
        if (port == 0) {
            port = freeLoopbackPort();
        }
        if (httpPort == 0) {
            httpPort = freeLoopbackPort();
        }
        Files.createDirectories(data);
        Files.deleteIfExists(uriFile);

        log("starting Neo4j (harness) pid=" + ProcessHandle.current().pid() + " bolt=" + LOOPBACK + ":" + port
                + " http=" + (httpPort < 0 ? "disabled" : LOOPBACK + ":" + httpPort) + " data=" + data
                + " pagecache=" + pagecache + "B java=" + System.getProperty("java.version")
                + " maxHeap=" + (Runtime.getRuntime().maxMemory() >> 20) + "MiB");

        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(data)
                .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // never phone home: only loopback traffic is allowed (and wanted) here
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .withConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(LOOPBACK))
                .withConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(LOOPBACK))
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress(LOOPBACK, port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress(LOOPBACK, port))
                .withConfig(HttpsConnector.enabled, false);
        // Internal knobs (looked up reflectively so a version bump cannot break the build):
        // belt-and-braces for "no usage-data network traffic", and no 2x5 s Netty quiet
        // period on shutdown, which made every stop take ~10 s.
        builder = withInternalSetting(builder, "udc_network_enabled", Boolean.FALSE);
        builder = withInternalSetting(builder, "netty_server_shutdown_quiet_period", 0);
        if (httpPort < 0) {
            builder = builder.withDisabledServer(); // no Jetty: Bolt only
        } else {
            builder = builder
                    .withConfig(HttpConnector.enabled, true)
                    .withConfig(HttpConnector.listen_address, new SocketAddress(LOOPBACK, httpPort))
                    .withConfig(HttpConnector.advertised_address, new SocketAddress(LOOPBACK, httpPort));
        }

        long t0 = System.nanoTime();
        final Neo4j neo4j;
        try {
            neo4j = builder.build();
        } catch (Throwable t) {
            dumpHarnessLogs(data);
            throw t;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutdown requested; stopping Neo4j");
            try {
                neo4j.close();
                log("Neo4j stopped");
            } catch (Throwable t) {
                log("error while stopping Neo4j: " + t);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-test-server-shutdown"));

        if (password != null) {
            // Auth on, like a real server: the default user gets the test password (no change required).
            neo4j.databaseManagementService().database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            log("auth enabled for user neo4j");
        }
        String version = neo4j.defaultDatabaseService().executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition "
                        + "RETURN name + ' ' + versions[0] + ' ' + edition AS v",
                Map.of(), r -> r.hasNext() ? String.valueOf(r.next().get("v")) : "?");
        String uri = "bolt://" + LOOPBACK + ":" + port;
        log("started " + version + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + uri
                + (httpPort < 0 ? "" : " http://" + LOOPBACK + ":" + httpPort)
                + "; harness folder " + harnessFolders(data));

        Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
        Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, uriFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        stopped.await(); // runs until SIGTERM/SIGINT triggers the shutdown hook
    }

    @SuppressWarnings("unchecked")
    private static Neo4jBuilder withInternalSetting(Neo4jBuilder builder, String field, Object value) {
        try {
            Class<?> c = Class.forName("org.neo4j.configuration.GraphDatabaseInternalSettings");
            return builder.withConfig((Setting<Object>) c.getField(field).get(null), value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log("note: internal setting " + field + " not applied: " + e);
            return builder;
        }
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * mult;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    private static List<Path> harnessFolders(Path data) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(data)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
        return out;
    }

    /** On a failed start, copy the tail of the harness' own logs into our log. */
    private static void dumpHarnessLogs(Path data) {
        for (Path dir : harnessFolders(data)) {
            for (String name : new String[] {"neo4j.log", "debug.log", "logs/debug.log"}) {
                Path f = dir.resolve(name);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    log("---- last lines of " + f + " ----");
                    PrintStream out = System.out;
                    for (String l : lines.subList(Math.max(0, lines.size() - 60), lines.size())) {
                        out.println(l);
                    }
                } catch (IOException e) {
                    log("could not read " + f + ": " + e);
                }
            }
        }
    }

    private static void log(String msg) {
        System.out.println(Instant.now() + " [neo4j-test-server] " + msg);
        System.out.flush();
    }
}
