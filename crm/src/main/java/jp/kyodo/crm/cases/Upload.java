package jp.kyodo.crm.cases;

/**
 * A file as it came in, read through {@link AttachmentRules#read}: its (sanitised) name, its size, and its bytes
 * unless it was larger than the limit (then {@code bytes} is null: they were counted, not kept).
 */
public record Upload(String fileName, long size, byte[] bytes) {

    public boolean tooLarge() {
        return bytes == null;
    }
}
