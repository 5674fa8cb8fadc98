package jp.kyodo.devstack.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.kyodo.devstack.DemoSeeder;
import jp.kyodo.devstack.DevStackConfig;
import jp.kyodo.devstack.Tokens;

/**
 * Starts the partner-system simulators of {@code deploy/simulators} as separate processes on loopback (ports
 * {@code KYODO_SIM_MYNAPORTAL_PORT} 7061, {@code KYODO_SIM_CHILD_ALLOWANCE_PORT} 7062,
 * {@code KYODO_SIM_RESIDENT_RECORD_PORT} 7063, the LGWAN gateway {@code KYODO_SIM_LGWAN_PORT} 7064 on the drop box, the
 * GビズID OpenID provider {@code KYODO_SIM_GBIZID_PORT} 7065, the デジタル認証アプリ {@code KYODO_SIM_DIGITAL_AUTH_PORT} 7066
 * with Kyodo's client key registered
 * Liberty is given; stopped when the launcher exits), points each demo city's connectors at
 * them, and files two applications per demo city on the simulated マイナポータル, which Kyodo then pulls into the
 * city's queue. Runs after {@link DemoCities}.
 */
public final class DemoConnectors implements DemoSeeder {

    private static final String[] CITIES = {"282022", "132039"};
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public List<String> seed(DevStackConfig config) throws Exception {
        Path classes = Path.of(System.getProperty("kyodo.simulators.classes", "deploy/simulators/target/classes"));
        if (!Files.isDirectory(classes.resolve("jp/kyodo/simulators"))) {
            return List.of("Simulators: not built (" + classes + "); connectors left unset");
        }
        int myna = port("KYODO_SIM_MYNAPORTAL_PORT", 7061);
        int child = port("KYODO_SIM_CHILD_ALLOWANCE_PORT", 7062);
        int residents = port("KYODO_SIM_RESIDENT_RECORD_PORT", 7063);
        start(classes, config, "MynaportalSimulator", myna, "sim-password", "2");
        start(classes, config, "ChildAllowanceSimulator", child);
        start(classes, config, "ResidentRecordSimulator", residents);
        // GビズID: Keycloak's identity provider gbizid points at it (GbizIdBroker, same KYODO_SIM_GBIZID_PORT)
        int gbizid = port("KYODO_SIM_GBIZID_PORT", 7065);
        start(classes, config, "GbizIdSimulator", gbizid);
        int lgwan = port("KYODO_SIM_LGWAN_PORT", 7064);
        String drop = System.getenv("KYODO_INTEGRATION_LGWAN_DROP_DIR");
        Path dropDir = drop != null && !drop.isBlank() ? Path.of(drop) : config.dataDir().resolve("lgwan").resolve("drop");
        start(classes, config, "LgwanGatewaySimulator", lgwan, dropDir.toAbsolutePath().toString(),
                dropDir.toAbsolutePath().resolveSibling("lgwan-zone").toString());
        int digitalAuth = digitalAuthPort();
        Path digitalAuthDir = config.dataDir().resolve("digital-auth").toAbsolutePath();
        DigitalAuthClientKey.register(digitalAuthDir, DigitalAuthClientKey.redirectUris(config.httpPort()));
        start(classes, config, "DigitalAuthSimulator", digitalAuth, digitalAuthDir.toString());
        String api = "http://localhost:" + config.httpPort() + "/api/v1";
        for (String code : CITIES) {
            String admin = Tokens.password(config, "admin-" + code, DemoCities.PASSWORD, "openid organization:" + code);
            put(api + "/integration/connectors/mynaportal", admin, "http://127.0.0.1:" + myna, 10);
            put(api + "/integration/connectors/child-allowance", admin, "http://127.0.0.1:" + child + "/api/v1/applications", 60);
            put(api + "/integration/connectors/resident-record", admin, "http://127.0.0.1:" + residents + "/api/v1", 60);
            send("POST", "http://127.0.0.1:" + myna + "/_sim/applications", null, "{\"lgCode\":\"" + code + "\",\"count\":2}");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Simulators: マイナポータル http://127.0.0.1:" + myna + ", 児童手当 http://127.0.0.1:" + child
                + ", 住民記録 http://127.0.0.1:" + residents + ", LGWAN gateway (drop box " + dropDir + ", controls http://127.0.0.1:"
                + lgwan + "; a city admin turns on the child-allowance-lgwan connector to use it), GビズID http://127.0.0.1:"
                + gbizid + "/oauth/ (「GビズIDでログイン」 on the sign-in page; demo business prime@kyodo-shoji.example,"
                + " password sim-password) (deploy/simulators/README.md); "
                + "two マイナポータル applications per demo city arrive in its queue within a poll");
        lines.add("Simulator: デジタル認証アプリ (My Number card sign-in and signature) http://127.0.0.1:" + digitalAuth
                + " (demo cards: 尼崎 太郎 and 武蔵野 花子, PIN 1234, signing password sign1234)");
        return lines;
    }

    private void put(String url, String token, String endpoint, int pollSeconds) throws IOException, InterruptedException {
        int s = send("PUT", url, token, "{\"enabled\":true,\"endpoint\":\"" + endpoint + "\",\"account\":\"kyodo-demo\","
                + "\"secret\":\"sim-password\",\"pollSeconds\":" + pollSeconds + "}");
        if (s != 200) {
            throw new IllegalStateException("connector " + url + " answered " + s);
        }
    }

    private int send(String method, String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The デジタル認証アプリ simulator's port ({@code KYODO_SIM_DIGITAL_AUTH_PORT}, 7066). */
    public static int digitalAuthPort() {
        return port("KYODO_SIM_DIGITAL_AUTH_PORT", 7066);
    }

    private static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
    }

    private static void start(Path classes, DevStackConfig config, String main, int port, String... args) throws IOException {
        if (listening(port)) {
            return; // one left from an earlier start, or an operator's own
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classes.toString(), "jp.kyodo.simulators." + main, String.valueOf(port)));
        cmd.addAll(List.of(args));
        Files.createDirectories(config.logsDir());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(config.logsDir().resolve("sim-" + main + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        long until = System.nanoTime() + 20_000_000_000L;
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException(main + " did not start on port " + port);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
