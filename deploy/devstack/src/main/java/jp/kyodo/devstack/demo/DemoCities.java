package jp.kyodo.devstack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.devstack.DemoSeeder;
import jp.kyodo.devstack.DevStackConfig;

/**
 * Seeds two demo cities through the vendor and city-admin APIs, exactly as a regional vendor and a
 * city administrator would: 兵庫県尼崎市 (282022) and 東京都武蔵野市 (132039), each with a city
 * administrator, staff member, operator and citizen (password {@value #PASSWORD}), its branding,
 * and a few notices. Idempotent: what exists is left as it is.
 */
public class DemoCities implements DemoSeeder {

    static final String PASSWORD = "kyodo-demo";

    /** A demo city and its branding. */
    record City(String code, String name, String displayName, String primary, String secondary, String[] notices) {
    }

    static final List<City> CITIES = List.of(
            new City("282022", "尼崎市", "尼崎市 総合サービスポータル", "#0b5394", "#073763", new String[] {
                "マイナンバーカードの休日交付窓口を開設します|毎月第2・第4日曜日、本庁舎北館1階で交付します。予約制です。",
                "粗大ごみの収集申込がオンラインでできるようになりました|24時間いつでも申し込めます。手数料はコンビニで支払えます。"}),
            new City("132039", "武蔵野市", "武蔵野市 くらしの窓口", "#1e6b3a", "#134a27", new String[] {
                "児童手当の現況届について|原則として提出は不要になりました。該当する方には個別にお知らせします。",
                "市民課窓口の混雑予想|月曜午前と月末は混み合います。オンライン申請もご利用ください。"}));

    static final String[][] ROLES = {
        {"staff", "職員"}, {"operator", "オペレーター"}, {"citizen", "市民"}};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public List<String> seed(DevStackConfig config) throws Exception {
        String api = "http://localhost:" + config.httpPort() + "/api/v1";
        String tokenUrl = config.keycloakUrl() + "/realms/" + config.keycloakRealm() + "/protocol/openid-connect/token";
        String vendor = token(tokenUrl, "vendor", PASSWORD, "openid");
        List<String> lines = new ArrayList<>();
        lines.add("Demo cities (password for every account: " + PASSWORD + ")");
        for (City c : CITIES) {
            String admin = "admin-" + c.code();
            Reply created = send("POST", api + "/cities", vendor, "{\"code\":\"" + c.code() + "\",\"adminUsername\":\""
                    + admin + "\",\"adminEmail\":\"" + admin + "@demo.kyodo.example\",\"adminPassword\":\"" + PASSWORD + "\"}");
            if (created.status() != 200 && created.status() != 201) {
                throw new IllegalStateException("creating " + c.name() + ": " + created);
            }
            String adminToken = token(tokenUrl, admin, PASSWORD, "openid organization:" + c.code());
            Reply members = send("GET", api + "/members", adminToken, null);
            for (String[] role : ROLES) {
                String username = role[0] + "-" + c.code();
                if (members.body().contains("\"username\":\"" + username + "\"")) {
                    continue;
                }
                Reply r = send("POST", api + "/members", adminToken, "{\"username\":\"" + username + "\",\"familyName\":\""
                        + c.name() + "\",\"givenName\":\"" + role[1] + "\",\"email\":\"" + username
                        + "@demo.kyodo.example\",\"role\":\"" + role[0] + "\",\"password\":\"" + PASSWORD
                        + "\",\"temporaryPassword\":false}");
                if (r.status() != 201 && r.status() != 409) {
                    throw new IllegalStateException("member " + username + ": " + r);
                }
            }
            send("PUT", api + "/city/settings", adminToken, "{\"displayName\":\"" + c.displayName() + "\",\"primaryColor\":\""
                    + c.primary() + "\",\"secondaryColor\":\"" + c.secondary()
                    + "\",\"languages\":[\"ja\",\"en\"],\"enabledModules\":[\"portal\",\"crm\",\"agents\"]}");
            Reply notices = send("GET", api + "/notices", adminToken, null);
            if (notices.status() == 200 && !notices.body().contains("\"id\"")) {
                for (String n : c.notices()) {
                    String[] parts = n.split("\\|", 2);
                    send("POST", api + "/notices", adminToken, "{\"title\":\"" + parts[0] + "\",\"body\":\"" + parts[1]
                            + "\",\"category\":\"general\",\"published\":true}");
                }
            }
            seedContactCentre(api, tokenUrl, c, adminToken);
            seedCitizen(api, token(tokenUrl, "citizen-" + c.code(), PASSWORD, "openid organization:" + c.code()), c);
            lines.add(String.format("  %s %s  portal http://localhost:%d/c/%s/", c.code(), c.name(), config.httpPort(), c.code()));
            lines.add(String.format("      %s (city-admin), staff-%s, operator-%s, citizen-%s", admin, c.code(), c.code(), c.code()));
        }
        lines.add("API: http://localhost:" + config.httpPort() + "/api/v1 · OpenAPI UI: http://localhost:" + config.httpPort()
                + "/openapi/ui/ · tokens: password grant on client kyodo-cli, scope \"openid organization:<code>\"");
        return lines;
    }

    /**
     * The demo citizen's profile and household: in 尼崎市 a couple with two young children (児童手当 shows an amount),
     * in 武蔵野市 a single parent with one child. Idempotent: the household is filled only when it is empty.
     */
    private void seedCitizen(String api, String token, City c) throws IOException, InterruptedException {
        boolean ama = c.code().equals("282022");
        String profile = ama
                ? "{\"fullName\":\"尼崎 太郎\",\"fullNameKana\":\"あまがさき たろう\",\"birthDate\":\"1988-06-15\","
                        + "\"postalCode\":\"660-8501\",\"prefecture\":\"兵庫県\",\"municipality\":\"尼崎市\","
                        + "\"street\":\"東七松町1-23-1\",\"phone\":\"06-6375-0001\",\"email\":\"citizen-282022@demo.kyodo.example\","
                        + "\"language\":\"ja\",\"emailNotifications\":true}"
                : "{\"fullName\":\"武蔵野 花子\",\"fullNameKana\":\"むさしの はなこ\",\"birthDate\":\"1990-02-03\","
                        + "\"postalCode\":\"180-8777\",\"prefecture\":\"東京都\",\"municipality\":\"武蔵野市\","
                        + "\"street\":\"緑町2-2-28\",\"email\":\"citizen-132039@demo.kyodo.example\",\"language\":\"ja\","
                        + "\"emailNotifications\":false,\"singleParent\":true,\"incomeAfterDeductions\":1200000}";
        Reply saved = send("PUT", api + "/me/profile", token, profile);
        if (saved.status() != 200) {
            throw new IllegalStateException("profile of citizen-" + c.code() + ": " + saved);
        }
        Reply household = send("GET", api + "/me/household", token, null);
        if (household.status() == 200 && !household.body().contains("\"id\"")) {
            String[] members = ama
                    ? new String[] {
                        "{\"fullName\":\"尼崎 花子\",\"fullNameKana\":\"あまがさき はなこ\",\"relationship\":\"spouse\",\"birthDate\":\"1990-09-01\"}",
                        "{\"fullName\":\"尼崎 一郎\",\"fullNameKana\":\"あまがさき いちろう\",\"relationship\":\"child\",\"birthDate\":\"2019-05-10\"}",
                        "{\"fullName\":\"尼崎 さくら\",\"fullNameKana\":\"あまがさき さくら\",\"relationship\":\"child\",\"birthDate\":\"2025-03-20\"}"}
                    : new String[] {
                        "{\"fullName\":\"武蔵野 陽太\",\"fullNameKana\":\"むさしの ようた\",\"relationship\":\"child\",\"birthDate\":\"2017-11-11\"}"};
            for (String m : members) {
                Reply r = send("POST", api + "/me/household", token, m);
                if (r.status() != 201) {
                    throw new IllegalStateException("household of citizen-" + c.code() + ": " + r);
                }
            }
        }
        Reply consents = send("GET", api + "/me/consents", token, null);
        if (consents.status() == 200 && !consents.body().contains("programme-guidance")) {
            send("POST", api + "/me/consents", token, "{\"purpose\":\"programme-guidance\",\"given\":true}");
        }
    }

    record Reply(int status, String body) {
    }

    /**
     * The contact centre: reading the queues installs the city's default queues, routing rules and response targets
     * (as for any new city); the demo citizen then has one inquiry, so the staff pages show a case.
     */
    private void seedContactCentre(String api, String tokenUrl, City c, String adminToken) throws Exception {
        Reply queues = send("GET", api + "/cases/queues", adminToken, null);
        if (queues.status() != 200) {
            throw new IllegalStateException("contact-centre queues of " + c.name() + ": " + queues);
        }
        String citizen = token(tokenUrl, "citizen-" + c.code(), PASSWORD, "openid organization:" + c.code());
        Reply mine = send("GET", api + "/my/inquiries", citizen, null);
        if (mine.status() == 200 && mine.body().strip().equals("[]")) {
            send("POST", api + "/my/inquiries", citizen, "{\"category\":\"childcare\",\"subject\":\"保育園の入所申込について\","
                    + "\"message\":\"4月から保育園に入れたいのですが、申込の締切と必要な書類を教えてください。\"}");
        }
    }

    private Reply send(String method, String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    private String token(String tokenUrl, String user, String password, String scope) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=kyodo-cli&username=" + enc(user) + "&password=" + enc(password)
                + "&scope=" + enc(scope) + (jp.kyodo.devstack.DemoAuthenticator.ACCOUNTS.contains(user)
                ? "&totp=" + jp.kyodo.devstack.DemoAuthenticator.code() : "");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
