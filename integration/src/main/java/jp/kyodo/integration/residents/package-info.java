/**
 * The resident record (住民記録) of the city's 標準準拠システム, read one person at a time by 宛名番号 with the
 * citizen's consent, for other modules to pre-fill and check applications: {@link jp.kyodo.integration.residents.ResidentRecords}.
 */
package jp.kyodo.integration.residents;
