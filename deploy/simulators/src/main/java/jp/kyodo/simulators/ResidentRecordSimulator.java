package jp.kyodo.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 標準準拠システム 住民記録 (resident record): a pull API by 宛名番号 and full / delta CSV file feeds in Shift_JIS or
 * UTF-8. 宛名番号 and 世帯番号 carry a modulus-11 check digit (weights 2–7; remainder 0 or 1 → 0). Each city gets a
 * few generated residents the first time it is asked for. See README.md for what is assumed.
 *
 * <p>Usage: {@code java -cp target/classes jp.kyodo.simulators.ResidentRecordSimulator [port]}
 */
public final class ResidentRecordSimulator {

    record Resident(String atenaNumber, String householdNumber, String name, String nameKana, String birthDate,
                    String gender, String address, String status, OffsetDateTime updatedAt) {
    }

    private static final String[][] PEOPLE = {
        {"山田 太郎", "ヤマダ タロウ", "1985-04-01", "1"}, {"山田 花子", "ヤマダ ハナコ", "1987-09-12", "2"},
        {"山田 一郎", "ヤマダ イチロウ", "2018-06-30", "1"}, {"佐藤 美咲", "サトウ ミサキ", "1992-01-20", "2"},
        {"鈴木 健", "スズキ ケン", "1979-11-03", "1"},
    };
    private final Map<String, List<Resident>> byCity = new ConcurrentHashMap<>();

    public static void main(String[] args) throws IOException {
        int port = SimHttp.port(args, 7063);
        var sim = new ResidentRecordSimulator();
        HttpServer server = SimHttp.loopback(port);
        server.createContext("/", sim::handle);
        server.start();
        System.out.println("resident-record simulator on 127.0.0.1:" + port);
    }

    static int checkDigit(String body) {
        int sum = 0;
        int weight = 2;
        for (int i = body.length() - 1; i >= 0; i--) {
            sum += (body.charAt(i) - '0') * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    static boolean valid(String n) {
        return n != null && n.matches("\\d{2,15}") && checkDigit(n.substring(0, n.length() - 1)) == n.charAt(n.length() - 1) - '0';
    }

    List<Resident> residents(String lg) {
        return byCity.computeIfAbsent(lg, k -> {
            List<Resident> out = new ArrayList<>();
            for (int i = 0; i < PEOPLE.length; i++) {
                String body = String.format("%s%05d", lg.substring(0, 5), i + 1);
                String household = String.format("9%s%04d", lg.substring(0, 5), i < 3 ? 1 : i);
                out.add(new Resident(body + checkDigit(body), household + checkDigit(household), PEOPLE[i][0], PEOPLE[i][1],
                        PEOPLE[i][2], PEOPLE[i][3], "テスト県テスト市本町" + (i + 1) + "-1", "住民",
                        OffsetDateTime.now().minusDays(PEOPLE.length - i)));
            }
            return out;
        });
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String lg = ex.getRequestHeaders().getFirst("X-Kyodo-City");
            var q = SimHttp.query(ex);
            if (lg == null) {
                lg = q.get("lgCode");
            }
            if (lg == null || !lg.matches("\\d{6}")) {
                SimHttp.send(ex, 400, "{\"error\":\"lg_code_required\"}");
                return;
            }
            if (path.startsWith("/api/v1/residents/")) {
                String atena = path.substring("/api/v1/residents/".length());
                if (!valid(atena)) {
                    SimHttp.send(ex, 400, "{\"error\":\"invalid_atena_number\"}");
                    return;
                }
                Resident r = residents(lg).stream().filter(x -> x.atenaNumber.equals(atena)).findFirst().orElse(null);
                if (r == null) {
                    SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
                    return;
                }
                SimHttp.send(ex, 200, "{\"atenaNumber\":" + SimHttp.q(r.atenaNumber) + ",\"householdNumber\":" + SimHttp.q(r.householdNumber)
                        + ",\"name\":" + SimHttp.q(r.name) + ",\"nameKana\":" + SimHttp.q(r.nameKana) + ",\"birthDate\":"
                        + SimHttp.q(r.birthDate) + ",\"gender\":" + SimHttp.q(r.gender) + ",\"address\":" + SimHttp.q(r.address)
                        + ",\"status\":" + SimHttp.q(r.status) + "}");
                return;
            }
            if (path.equals("/api/v1/feeds/full") || path.equals("/api/v1/feeds/delta")) {
                Charset cs = Charset.forName("Shift_JIS".equalsIgnoreCase(q.get("charset")) ? "Shift_JIS" : "UTF-8");
                OffsetDateTime since = path.endsWith("delta") && q.get("since") != null ? OffsetDateTime.parse(q.get("since")) : null;
                StringBuilder csv = new StringBuilder("宛名番号,世帯番号,氏名,氏名カナ,生年月日,性別,住所,状態,更新日時\r\n");
                for (Resident r : residents(lg)) {
                    if (since == null || r.updatedAt.isAfter(since)) {
                        csv.append(String.join(",", r.atenaNumber, r.householdNumber, r.name, r.nameKana, r.birthDate, r.gender,
                                r.address, r.status, r.updatedAt.toString())).append("\r\n");
                    }
                }
                byte[] bytes = csv.toString().getBytes(cs);
                ex.getResponseHeaders().set("Content-Type", "text/csv; charset=" + cs.name());
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
                ex.close();
                return;
            }
            SimHttp.send(ex, 404, "{\"error\":\"not_found\"}");
        } catch (RuntimeException e) {
            SimHttp.send(ex, 500, "{\"error\":\"simulator\"}");
        }
    }
}
