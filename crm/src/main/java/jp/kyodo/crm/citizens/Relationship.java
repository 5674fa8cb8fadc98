package jp.kyodo.crm.citizens;

import java.util.Arrays;
import java.util.Optional;

/** How a household member is related to the citizen (続柄). */
public enum Relationship {
    SPOUSE("spouse", "配偶者"),
    CHILD("child", "子"),
    PARENT("parent", "父母"),
    GRANDPARENT("grandparent", "祖父母"),
    OTHER("other", "その他");

    private final String code;
    private final String label;

    Relationship(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The stored and API value ({@code spouse}, {@code child} …). */
    public String code() {
        return code;
    }

    /** Japanese label. */
    public String label() {
        return label;
    }

    /** By code ({@code spouse}) or by name ({@code SPOUSE}, as JSON shows it), so a record read can be sent back. */
    public static Optional<Relationship> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equalsIgnoreCase(code)).findFirst();
    }
}
