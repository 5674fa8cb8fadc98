package jp.kyodo.integration.residents;

/**
 * 宛名番号: digits with a final check digit, modulus 11 with weights 2–7 repeating from the digit next to the check
 * digit (older 住民記録 standard). Remainder 0 gives 0; remainder 1 (which would give 10) is taken as 0 as for the
 * individual number — an assumption, see deploy/simulators/README.md.
 */
public final class AtenaNumber {

    private AtenaNumber() {
    }

    /** The check digit for the digits without it. */
    public static int checkDigit(String body) {
        int sum = 0;
        int weight = 2;
        for (int i = body.length() - 1; i >= 0; i--) {
            sum += (body.charAt(i) - '0') * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    /** Whether the text is 2–15 digits whose last is the right check digit. */
    public static boolean valid(String number) {
        if (number == null || !number.matches("\\d{2,15}")) {
            return false;
        }
        return checkDigit(number.substring(0, number.length() - 1)) == number.charAt(number.length() - 1) - '0';
    }

    /** The digits followed by their check digit. */
    public static String withCheckDigit(String body) {
        return body + checkDigit(body);
    }
}
