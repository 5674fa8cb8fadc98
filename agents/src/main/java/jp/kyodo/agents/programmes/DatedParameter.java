package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule parameter whose value changes over time (amount, threshold, income-limit table …).
 * A value applies from its date (inclusive) until the next value's date.
 *
 * @param name   name used in rules ({@code p.name})
 * @param label  Japanese label for admins
 * @param unit   e.g. "円/月", "円/年", "歳", "学年"
 * @param values dated values; a value is a number, a string, a boolean or a list of numbers (e.g. indexed by 扶養人数)
 */
public record DatedParameter(String name, String label, String unit, List<DatedValue> values) {

    /** One dated value. */
    public record DatedValue(LocalDate from, Object value, String reference) {
        public DatedValue {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(value, "value");
        }
    }

    public DatedParameter {
        Objects.requireNonNull(name, "name");
        values = values.stream().sorted(Comparator.comparing(DatedValue::from)).toList();
    }

    /** The value in force on {@code date}, empty if the first value starts later. */
    public Optional<Object> valueAt(LocalDate date) {
        Object found = null;
        for (DatedValue v : values) {
            if (v.from().isAfter(date)) {
                break;
            }
            found = v.value();
        }
        return Optional.ofNullable(found);
    }
}
