package jp.kyodo.agents.concierge;

/** A source of an answer: the knowledge entry's id, its title and its page on the city's site (may be empty). */
public record ConciergeSource(String id, String title, String url) {
}
