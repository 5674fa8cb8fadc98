package jp.kyodo.integration.mynaportal.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jp.kyodo.integration.connectors.Connector;
import jp.kyodo.integration.connectors.Partner;
import jp.kyodo.integration.internal.Failures;
import jp.kyodo.integration.internal.PartnerClient;
import jp.kyodo.integration.mynaportal.ReceivedApplication;

/**
 * The pull API of マイナポータル 申請管理 (電子申請等情報受取等API) as far as it is public: log in → access token;
 * list of received applications by date / procedure / status → 受付番号; detail by 受付番号. Paths and JSON field
 * names are the simulator's (deploy/simulators/README.md lists which are assumptions).
 */
@ApplicationScoped
public class MynaportalApi {

    @Inject
    PartnerClient client;

    private record Token(String value, Instant expires) {
    }

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

    /** One entry of the list: a 受付番号 and the date it was received (null when the entry has none readable). */
    public record Listed(String receiptNumber, LocalDate receivedOn) {
    }

    /** Applications received from {@code from} to {@code to}, in the order listed (repeats included). */
    public List<Listed> list(String cityCode, Connector c, LocalDate from, LocalDate to) {
        String path = "/applications?from=" + from + "&to=" + to + "&status=" + enc("RECEIVED");
        JsonObject list = withToken(cityCode, c, token -> get(cityCode, c, path, token));
        List<Listed> out = new ArrayList<>();
        for (JsonValue v : array(list, "applications")) {
            if (v instanceof JsonObject o && o.get("receiptNumber") instanceof jakarta.json.JsonString s) {
                out.add(new Listed(s.getString(), receivedOn(o.getString("receivedAt", null))));
            }
        }
        return out;
    }

    /** The date part of an ISO date or date-time, as the partner wrote it (its own zone); null if unreadable. */
    static LocalDate receivedOn(String receivedAt) {
        if (receivedAt == null || receivedAt.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(receivedAt.substring(0, 10));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The application with its data and attachments; {@link Failures.Permanent} when it cannot be read. */
    public ReceivedApplication detail(String cityCode, Connector c, String receiptNumber) {
        JsonObject d = withToken(cityCode, c, token -> get(cityCode, c, "/applications/" + enc(receiptNumber), token));
        try {
            if (!receiptNumber.equals(d.getString("receiptNumber"))) {
                throw new Failures.Permanent("detail answered another 受付番号");
            }
            JsonObject applicant = d.getJsonObject("applicant");
            List<ReceivedApplication.Attachment> files = new ArrayList<>();
            for (JsonValue v : array(d, "attachments")) {
                JsonObject f = v.asJsonObject();
                int size = Base64.getDecoder().decode(f.getString("data")).length;
                files.add(new ReceivedApplication.Attachment(f.getString("fileName"), f.getString("contentType"), size));
            }
            JsonObject form = d.getJsonObject("form");
            if (applicant == null || form == null || applicant.getString("name").isBlank()) {
                throw new Failures.Permanent("application " + receiptNumber + " has no applicant or form");
            }
            return new ReceivedApplication(receiptNumber, d.getString("procedureCode"), d.getString("procedureName"),
                    d.getString("receivedAt"), applicant.getString("name"), applicant.getString("address", null),
                    form.toString(), files);
        } catch (NullPointerException | ClassCastException | IllegalArgumentException | JsonException e) {
            throw new Failures.Permanent("application " + receiptNumber + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private JsonObject withToken(String cityCode, Connector c, Function<String, JsonObject> call) {
        try {
            return call.apply(token(cityCode, c));
        } catch (Failures.Unauthorized e) {
            tokens.remove(cityCode);
            return call.apply(token(cityCode, c));
        }
    }

    private String token(String cityCode, Connector c) {
        Token t = tokens.get(cityCode);
        if (t != null && t.expires.isAfter(Instant.now())) {
            return t.value;
        }
        String body = Json.createObjectBuilder().add("lgCode", cityCode).add("userId", c.account() == null ? "" : c.account())
                .add("password", c.secret() == null ? "" : c.secret()).build().toString();
        var response = client.send(cityCode, Partner.MYNAPORTAL.code(), HttpRequest.newBuilder(uri(c, "/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        JsonObject o = parse(response.body());
        String value = o.getString("accessToken", null);
        if (value == null) {
            throw new Failures.Transient("login answered no token");
        }
        int seconds = o.getInt("expiresIn", 300);
        tokens.put(cityCode, new Token(value, Instant.now().plusSeconds(Math.max(10, seconds - 10))));
        return value;
    }

    private JsonObject get(String cityCode, Connector c, String path, String token) {
        var response = client.send(cityCode, Partner.MYNAPORTAL.code(), HttpRequest.newBuilder(uri(c, path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        return parse(response.body());
    }

    private static URI uri(Connector c, String path) {
        String base = c.endpoint().endsWith("/") ? c.endpoint().substring(0, c.endpoint().length() - 1) : c.endpoint();
        return URI.create(base + path);
    }

    private static JsonObject parse(String body) {
        try (var r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failures.Permanent("the answer is not a JSON object");
        }
    }

    private static JsonArray array(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
