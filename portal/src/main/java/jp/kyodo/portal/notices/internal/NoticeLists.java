package jp.kyodo.portal.notices.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.kyodo.portal.notices.Notice;

/**
 * This server's copies of the cities' notice lists, each under the city's notices version it was read after
 * (migration V22; {@code NoticeService.list}). A copy is answered only for the same city, the same kind of list
 * (published only, or all) and the same version read in the asking request's own transaction, so it is never stale and
 * never another city's. Bounded: at most {@value #MAX_ENTRIES} lists (two per city of a full deployment's ≈ 1,900)
 * and {@value #MAX_CHARS} characters of notice text in all; a list over {@value #MAX_LIST_CHARS} characters is not kept.
 * When a new list would pass a bound, other lists are dropped first (they are read again when asked).
 */
@ApplicationScoped
public class NoticeLists {

    static final int MAX_ENTRIES = 4_096;
    static final long MAX_CHARS = 8_000_000;
    static final long MAX_LIST_CHARS = 400_000;

    private record Key(UUID city, boolean publishedOnly) {
    }

    private record Kept(long version, List<Notice> list, long chars) {
    }

    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    private long chars;

    /** The list kept for {@code city} under exactly {@code version}, or null. */
    public List<Notice> get(UUID city, boolean publishedOnly, long version) {
        Kept k = kept.get(new Key(city, publishedOnly));
        return k != null && k.version == version ? k.list : null;
    }

    /** Keeps {@code list} (read after {@code version} was read, under the city's binding), replacing what was kept. */
    public synchronized void put(UUID city, boolean publishedOnly, long version, List<Notice> list) {
        long size = chars(list);
        Key key = new Key(city, publishedOnly);
        remove(key);
        if (size > MAX_LIST_CHARS) {
            return;
        }
        Iterator<Map.Entry<Key, Kept>> others = kept.entrySet().iterator();
        while ((kept.size() >= MAX_ENTRIES || chars + size > MAX_CHARS) && others.hasNext()) {
            chars -= others.next().getValue().chars;
            others.remove();
        }
        kept.put(key, new Kept(version, List.copyOf(list), size));
        chars += size;
    }

    /** Drops both lists of {@code city} (a notice of it was written on this server). */
    public synchronized void forget(UUID city) {
        remove(new Key(city, true));
        remove(new Key(city, false));
    }

    synchronized int size() {
        return kept.size();
    }

    synchronized long chars() {
        return chars;
    }

    private void remove(Key key) {
        Kept old = kept.remove(key);
        if (old != null) {
            chars -= old.chars;
        }
    }

    private static long chars(List<Notice> list) {
        long n = 0;
        for (Notice x : list) {
            n += 64 + length(x.title()) + length(x.body()) + length(x.category()) + length(x.createdBy());
        }
        return n;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
