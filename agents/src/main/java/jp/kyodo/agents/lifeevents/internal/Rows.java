package jp.kyodo.agents.lifeevents.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a step's form keys into the draft's: {@code group[newborn].x} is the row whose {@code fullName} is the new
 * child's (a new row when the form has none), {@code group[*].x} is every row.
 */
public final class Rows {

    private static final Pattern ROW = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,2}|newborn|\\*)]\\.(.+)");

    private Rows() {
    }

    public static Map<String, String> resolve(Map<String, String> values, Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> newborn = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            Matcher m = ROW.matcher(k);
            if (m.matches() && m.group(2).equals("newborn")) {
                newborn.computeIfAbsent(m.group(1), g -> rowOf(g, values.get(g + "[newborn].fullName"), form));
            }
        });
        values.forEach((k, v) -> {
            Matcher m = ROW.matcher(k);
            if (!m.matches()) {
                out.put(k, v);
            } else if (m.group(2).equals("newborn")) {
                out.put(m.group(1) + "[" + newborn.get(m.group(1)) + "]." + m.group(3), v);
            } else if (m.group(2).equals("*")) {
                TreeSet<Integer> rows = rows(m.group(1), form);
                if (newborn.containsKey(m.group(1))) {
                    rows.add(newborn.get(m.group(1)));
                }
                rows.forEach(i -> out.put(m.group(1) + "[" + i + "]." + m.group(3), v));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static int rowOf(String group, String name, Map<String, String> form) {
        TreeSet<Integer> rows = rows(group, form);
        for (int i : rows) {
            if (name != null && name.equals(form.get(group + "[" + i + "].fullName"))) {
                return i;
            }
        }
        return rows.isEmpty() ? 0 : rows.last() + 1;
    }

    private static TreeSet<Integer> rows(String group, Map<String, String> form) {
        TreeSet<Integer> rows = new TreeSet<>();
        form.keySet().forEach(k -> {
            Matcher m = ROW.matcher(k);
            if (m.matches() && m.group(1).equals(group) && Character.isDigit(m.group(2).charAt(0))) {
                rows.add(Integer.parseInt(m.group(2)));
            }
        });
        return rows;
    }
}
