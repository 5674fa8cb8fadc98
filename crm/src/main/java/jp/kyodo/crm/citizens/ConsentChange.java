package jp.kyodo.crm.citizens;

/** Give ({@code given = true}) or withdraw a consent for one purpose (see {@link ConsentPurpose}). */
public record ConsentChange(String purpose, Boolean given) {
}
