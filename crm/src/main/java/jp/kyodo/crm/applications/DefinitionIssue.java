package jp.kyodo.crm.applications;

/**
 * One reason a procedure definition is refused, where it is.
 *
 * @param line    1-based line in the YAML text
 * @param column  1-based column
 * @param path    JSON pointer to the node ({@code /sections/1/fields/0/type}), or "" for the whole text
 * @param message what is wrong, in Japanese
 */
public record DefinitionIssue(int line, int column, String path, String message) {
    @Override
    public String toString() {
        return line + ":" + column + (path.isEmpty() ? "" : " [" + path + "]") + " " + message;
    }
}
