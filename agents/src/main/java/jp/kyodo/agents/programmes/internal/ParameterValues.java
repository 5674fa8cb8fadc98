package jp.kyodo.agents.programmes.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.kyodo.agents.programmes.DatedParameter;

/** Resolution and normalisation of dated parameter values. */
public final class ParameterValues {

    private ParameterValues() { }

    /** Map name → value in force on {@code date}, or a String error if a parameter has no value yet. */
    static Object resolve(Map<String, DatedParameter> params, LocalDate date) {
        Map<String, Object> out = new HashMap<>();
        for (DatedParameter dp : params.values()) {
            Optional<Object> v = dp.valueAt(date);
            if (v.isEmpty()) {
                return "パラメータ p." + dp.name() + "（" + (dp.label() == null ? "" : dp.label()) + "）には "
                        + date + " 時点の値が登録されていません";
            }
            out.put(dp.name(), v.get());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Normalises a parsed value for CEL: integral numbers → Long, other numbers → Double, lists recursively. */
    public static Object normalise(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                    || (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15)) {
                return n.longValue();
            }
            return d;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalise(o));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
