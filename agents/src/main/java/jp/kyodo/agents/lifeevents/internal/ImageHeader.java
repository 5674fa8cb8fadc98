package jp.kyodo.agents.lifeevents.internal;

import java.util.Optional;

/**
 * The type and size in pixels of a JPEG or PNG image, read from its header bytes only (nothing is decoded): what a
 * photo must pass before any program reads it. Anything else — another format, a truncated header — is empty.
 */
public record ImageHeader(String contentType, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    public static Optional<ImageHeader> of(byte[] b) {
        if (b == null || b.length < 24) {
            return Optional.empty();
        }
        // PNG: signature, then the IHDR chunk with width and height (big-endian)
        if ((b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[12] == 'I' && b[13] == 'H'
                && b[14] == 'D' && b[15] == 'R') {
            return sized("image/png", int32(b, 16), int32(b, 20));
        }
        // JPEG: SOI, then segments up to a start-of-frame marker (SOF0..SOF15 but DHT, JPG, DAC) with height and width
        if ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            int i = 2;
            while (i + 9 < b.length) {
                if ((b[i] & 0xff) != 0xff) {
                    return Optional.empty();
                }
                int marker = b[i + 1] & 0xff;
                if (marker == 0xff) {
                    i++;
                    continue;
                }
                int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                    int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                    int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                    return sized("image/jpeg", width, height);
                }
                if (length < 2) {
                    return Optional.empty();
                }
                i += 2 + length;
            }
        }
        return Optional.empty();
    }

    private static Optional<ImageHeader> sized(String type, long w, long h) {
        return w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE ? Optional.empty()
                : Optional.of(new ImageHeader(type, (int) w, (int) h));
    }

    private static long int32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
