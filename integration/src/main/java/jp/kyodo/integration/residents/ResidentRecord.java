package jp.kyodo.integration.residents;

/**
 * One person's resident record as the 住民記録 system returns it (field layout of the simulator: the 基本データリスト
 * is not public, so callers should only rely on these names).
 */
public record ResidentRecord(String atenaNumber, String householdNumber, String name, String nameKana,
                             String birthDate, String gender, String address, String status) {
}
