package jp.kyodo.agents.programmes;

/**
 * Estimated monthly amount in yen (月額). {@code min == max} for an exact amount; a range otherwise
 * (show "最大 X 円" when they differ).
 */
public record MonthlyAmount(long min, long max) {

    public static final MonthlyAmount ZERO = new MonthlyAmount(0, 0);

    public MonthlyAmount {
        if (min > max) {
            throw new IllegalArgumentException("min > max: " + min + " > " + max);
        }
    }

    public static MonthlyAmount exact(long yen) { return new MonthlyAmount(yen, yen); }

    public boolean isRange() { return min != max; }

    @Override
    public String toString() { return isRange() ? min + "〜" + max + "円/月" : max + "円/月"; }
}
