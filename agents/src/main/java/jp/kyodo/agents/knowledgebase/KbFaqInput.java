package jp.kyodo.agents.knowledgebase;

import java.time.LocalDate;
import java.util.List;

/**
 * An FAQ entry as an editor writes it. Saved as a draft unless {@code publish} is true.
 *
 * @param id the entry's id within the city (half-width letters, digits, {@code - _ .}); taken from the path on PUT
 */
public record KbFaqInput(String id, String question, List<Phrasing> alternatives, String answer, String category,
                         String department, String sourceUrl, LocalDate validFrom, LocalDate validTo, String language,
                         Boolean publish) {
}
