package jp.kyodo.tenant.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every municipality and ward of Japan by its 6-digit local-government code (全国地方公共団体コード):
 * five digits of JIS X 0401/0402 plus a check digit.
 */
public final class MunicipalityCatalogue {

    private static final MunicipalityCatalogue INSTANCE = load();
    private final Map<String, Municipality> byCode;

    private MunicipalityCatalogue(Map<String, Municipality> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static MunicipalityCatalogue get() {
        return INSTANCE;
    }

    public Optional<Municipality> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<Municipality> all() {
        return List.copyOf(byCode.values());
    }

    /** True when the code has six digits and a correct check digit. */
    public static boolean isWellFormed(String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return false;
        }
        int[] w = {6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += (code.charAt(i) - '0') * w[i];
        }
        return (11 - sum % 11) % 10 == code.charAt(5) - '0';
    }

    private static MunicipalityCatalogue load() {
        var in = MunicipalityCatalogue.class.getResourceAsStream("localgovjp.csv");
        if (in == null) {
            throw new IllegalStateException("municipality catalogue missing from the classpath");
        }
        Map<String, Municipality> map = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalStateException("empty municipality catalogue");
            }
            String line;
            while ((line = r.readLine()) != null) {
                List<String> f = splitCsv(line);
                // pid,pref,cid,city,citykana,lat,lng,url,phrase,lgcode
                if (f.size() < 10) {
                    continue;
                }
                String code = f.get(9).strip();
                map.put(code, new Municipality(code, f.get(1), f.get(3).replaceAll("[ \u3000]", ""),
                        f.get(4).replace(" ", ""), f.get(7)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MunicipalityCatalogue(map);
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
