package jp.kyodo.integration.connectors;

/** What a route needs to call a city's partner (the secret decrypted; never leaves the server). */
public record Connector(Partner partner, boolean enabled, String endpoint, String account, String secret, int pollSeconds) {

    @Override
    public String toString() {
        return "Connector[" + partner.code() + ", enabled=" + enabled + ", " + endpoint + "]";
    }
}
