package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * マイナポータル 申請管理 (電子申請等情報受取等API), pull only: login → token; list of received applications by date /
 * procedure / status → 受付番号; detail by 受付番号; processing-status list. Several cities (by 地方公共団体コード at
 * login). It repeats every listed 受付番号 ({@code repeat}, default 2) and lists an application again on every poll until
 * its window passes: a consumer must be idempotent. Test controls under {@code /_sim/}. See README.md.
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.MynaportalSimulator [port] [password] [repeat]}
 */
public final class MynaportalSimulator {

    record Application(String receiptNumber, String lgCode, String procedureCode, String procedureName,
                       OffsetDateTime receivedAt, String applicantName, String address, boolean poison) {
    }

    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final String password;
    private final int repeat;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Application>> byCity = new ConcurrentHashMap<>();
    /**
     * The same applications by 受付番号, for the detail API (a lookup, as a real server's; the scan of the city's list it
     * replaces cost the simulator more per detail the more applications a run had filed — a cost of the simulator, not
     * of the protocol, which is unchanged).
     */
    private final Map<String, Application> byNumber = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong details = new AtomicLong();
    /** List entries answered (repeats included), and per city the first date of its last list call. */
    private final AtomicLong listed = new AtomicLong();
    private final Map<String, String> lastFrom = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    MynaportalSimulator(String password, int repeat) {
        this.password = password;
        this.repeat = repeat;
    }

    public static void main(String[] args) throws IOException {
        int port = SimHttp.port(args, 7061);
        var sim = new MynaportalSimulator(args.length > 1 ? args[1] : "sim-password", args.length > 2 ? Integer.parseInt(args[2]) : 2);
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
        System.out.println("mynaportal simulator on 127.0.0.1:" + port);
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.startsWith("/_sim/")) {
                control(ex, path, method);
                return;
            }
            if (path.equals("/auth/login") && method.equals("POST")) {
                String body = SimHttp.body(ex);
                String lg = SimHttp.str(body, "lgCode");
                logins.incrementAndGet();
                if (lg == null || !password.equals(SimHttp.str(body, "password"))) {
                    SimHttp.send(ex, 401, "{\"error\":\"invalid_credentials\"}");
                    return;
                }
                if (down.contains(lg)) {
                    SimHttp.send(ex, 503, "{\"error\":\"unavailable\"}");
                    return;
                }
                String token = UUID.randomUUID().toString();
                tokens.put(token, lg);
                SimHttp.send(ex, 200, "{\"accessToken\":" + SimHttp.q(token) + ",\"expiresIn\":300}");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String lg = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
            if (lg == null) {
                SimHttp.send(ex, 401, "{\"error\":\"invalid_token\"}");
                return;
            }
            if (down.contains(lg)) {
                SimHttp.send(ex, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            List<Application> apps = byCity.getOrDefault(lg, List.of());
            if (path.equals("/applications") && method.equals("GET")) {
                lists.incrementAndGet();
                var q = SimHttp.query(ex);
                LocalDate from = LocalDate.parse(q.getOrDefault("from", "2000-01-01"));
                LocalDate to = LocalDate.parse(q.getOrDefault("to", "9999-12-31"));
                lastFrom.put(lg, from.toString());
                String procedure = q.get("procedure");
                StringBuilder b = new StringBuilder("{\"applications\":[");
                boolean first = true;
                for (Application a : apps) {
                    LocalDate d = a.receivedAt.toLocalDate();
                    if (d.isBefore(from) || d.isAfter(to) || (procedure != null && !procedure.equals(a.procedureCode))) {
                        continue;
                    }
                    for (int i = 0; i < repeat; i++) {
                        b.append(first ? "" : ",").append("{\"receiptNumber\":").append(SimHttp.q(a.receiptNumber))
                                .append(",\"procedureCode\":").append(SimHttp.q(a.procedureCode))
                                .append(",\"status\":\"RECEIVED\",\"receivedAt\":").append(SimHttp.q(a.receivedAt.toString())).append("}");
                        first = false;
                        listed.incrementAndGet();
                    }
                }
                SimHttp.send(ex, 200, b.append("]}").toString());
                return;
            }
            if (path.startsWith("/applications/") && method.equals("GET")) {
                details.incrementAndGet();
                String number = path.substring("/applications/".length());
                Application a = byNumber.get(number);
                if (a == null || !a.lgCode.equals(lg)) {
                    SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
                    return;
                }
                SimHttp.send(ex, 200, detail(a));
                return;
            }
            if (path.equals("/statuses") && method.equals("GET")) {
                StringBuilder b = new StringBuilder("{\"statuses\":[");
                for (int i = 0; i < apps.size(); i++) {
                    b.append(i == 0 ? "" : ",").append("{\"receiptNumber\":").append(SimHttp.q(apps.get(i).receiptNumber))
                            .append(",\"status\":\"RECEIVED\"}");
                }
                SimHttp.send(ex, 200, b.append("]}").toString());
                return;
            }
            SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
        } catch (RuntimeException e) {
            SimHttp.send(ex, 500, "{\"error\":\"simulator\"}");
        }
    }

    private String detail(Application a) {
        if (a.poison) {
            // a record the receiver cannot use: no applicant, form not an object
            return "{\"receiptNumber\":" + SimHttp.q(a.receiptNumber) + ",\"procedureCode\":" + SimHttp.q(a.procedureCode)
                    + ",\"procedureName\":" + SimHttp.q(a.procedureName) + ",\"receivedAt\":" + SimHttp.q(a.receivedAt.toString())
                    + ",\"form\":\"<broken>\"}";
        }
        String file = Base64.getEncoder().encodeToString(("申請書 " + a.receiptNumber).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "{\"receiptNumber\":" + SimHttp.q(a.receiptNumber) + ",\"procedureCode\":" + SimHttp.q(a.procedureCode)
                + ",\"procedureName\":" + SimHttp.q(a.procedureName) + ",\"receivedAt\":" + SimHttp.q(a.receivedAt.toString())
                + ",\"applicant\":{\"name\":" + SimHttp.q(a.applicantName) + ",\"address\":" + SimHttp.q(a.address) + "}"
                + ",\"form\":{\"children\":1,\"bankAccount\":\"****1234\"}"
                + ",\"attachments\":[{\"fileName\":\"application.txt\",\"contentType\":\"text/plain\",\"data\":" + SimHttp.q(file) + "}]}";
    }

    private void control(HttpExchange ex, String path, String method) throws IOException {
        String body = method.equals("POST") ? SimHttp.body(ex) : "";
        switch (path) {
            case "/_sim/applications" -> {
                String lg = SimHttp.str(body, "lgCode");
                int count = SimHttp.num(body, "count") == null ? 1 : SimHttp.num(body, "count");
                String poison = SimHttp.str(body, "poison");
                // an application that shows up in the listing only now, with an earlier 受付 date (a late arrival)
                int daysAgo = SimHttp.num(body, "receivedDaysAgo") == null ? 0 : SimHttp.num(body, "receivedDaysAgo");
                List<String> made = new ArrayList<>();
                List<Application> list = byCity.computeIfAbsent(lg, k -> new CopyOnWriteArrayList<>());
                for (int i = 0; i < count; i++) {
                    // this run's prefix: a restarted simulator never repeats an earlier run's 受付番号
                    String number = String.format("%s-%s-%06d", lg, RUN, sequence.incrementAndGet());
                    Application a = new Application(number, lg, "A0001", "児童手当認定請求", OffsetDateTime.now().minusDays(daysAgo),
                            "申請 太郎" + i, "テスト県テスト市1-" + i, "true".equals(poison));
                    byNumber.put(number, a);
                    list.add(a);
                    made.add(SimHttp.q(number));
                }
                SimHttp.send(ex, 201, "{\"receiptNumbers\":[" + String.join(",", made) + "]}");
            }
            case "/_sim/age" -> {
                // every application of the city gets the 受付 date "days" days back from now (a backlog growing old)
                String lg = SimHttp.str(body, "lgCode");
                int days = SimHttp.num(body, "days") == null ? 0 : SimHttp.num(body, "days");
                List<Application> list = byCity.computeIfAbsent(lg, k -> new CopyOnWriteArrayList<>());
                OffsetDateTime at = OffsetDateTime.now().minusDays(days);
                list.replaceAll(a -> new Application(a.receiptNumber(), a.lgCode(), a.procedureCode(), a.procedureName(), at,
                        a.applicantName(), a.address(), a.poison()));
                list.forEach(a -> byNumber.put(a.receiptNumber(), a));
                SimHttp.send(ex, 200, "{\"aged\":" + list.size() + "}");
            }
            case "/_sim/mode" -> {
                String lg = SimHttp.str(body, "lgCode");
                if ("down".equals(SimHttp.str(body, "mode"))) {
                    down.add(lg);
                } else {
                    down.remove(lg);
                }
                SimHttp.send(ex, 200, "{\"down\":" + down.contains(lg) + "}");
            }
            case "/_sim/stats" -> {
                String lg = SimHttp.query(ex).get("lgCode");
                SimHttp.send(ex, 200, "{\"logins\":" + logins.get() + ",\"lists\":" + lists.get()
                        + ",\"details\":" + details.get() + ",\"listed\":" + listed.get()
                        + (lg == null || !lastFrom.containsKey(lg) ? "" : ",\"lastFrom\":" + SimHttp.q(lastFrom.get(lg))) + "}");
            }
            default -> SimHttp.send(ex, 404, "{}");
        }
    }
}
