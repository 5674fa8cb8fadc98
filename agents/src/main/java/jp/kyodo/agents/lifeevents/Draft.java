package jp.kyodo.agents.lifeevents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application of mine as the agent sees it.
 *
 * @param answers  the form's values by key ({@code applicant.phone}, {@code children[0].fullName})
 * @param sources  where a pre-filled value came from ({@code profile}, {@code household}) by key
 * @param missing  the keys that still stop a submission (fields and {@code attachments.<id>})
 * @param digest   {@link #digestOf} the answers: what the person confirms
 */
public record Draft(String id, String procedureId, String procedureName, String status, Map<String, String> answers,
                    Map<String, String> sources, java.util.List<String> missing, String digest) {

    /** SHA-256 over the sorted answers: two drafts with the same values have the same digest. */
    public static String digestOf(Map<String, String> answers) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(answers).forEach((k, v) -> {
                md.update(k.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 1);
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
