package jp.kyodo.tenant.web;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code CDI.current().select(type).get()} for code that cannot have the bean injected (static helpers of the pages,
 * templates), without resolving it again on every call. Resolving went through Liberty's stack walk to find the
 * calling module's bean manager and Weld's bean resolution: 3–4 % of a page's CPU in {@code bench/one-server}
 * (FormToken, PageChrome). The answer for a <em>normal-scoped</em> bean ({@code @RequestScoped},
 * {@code @ApplicationScoped}, the built-in {@code HttpServletRequest}…) is a client proxy that holds no state of its
 * own — each call reaches the calling thread's current context — so it is kept per module (the thread's context
 * class loader, which is what {@code CDI.current()} goes by) and type. A bean of any other scope is resolved on every
 * call, as before. Outside a container the call throws as {@code CDI.current()} does.
 */
public final class ClientProxies {

    private static final Map<ClassLoader, Map<Class<?>, Object>> KNOWN = new ConcurrentHashMap<>();

    private ClientProxies() {
    }

    public static <T> T of(Class<T> type) {
        ClassLoader module = Thread.currentThread().getContextClassLoader();
        Map<Class<?>, Object> known = module == null ? null : KNOWN.computeIfAbsent(module, m -> new ConcurrentHashMap<>());
        Object kept = known == null ? null : known.get(type);
        if (kept != null) {
            return type.cast(kept);
        }
        CDI<Object> cdi = CDI.current();
        T instance = cdi.select(type).get();
        if (known != null && normalScoped(cdi.getBeanManager(), type)) {
            known.put(type, instance);
        }
        return instance;
    }

    static boolean normalScoped(BeanManager beans, Class<?> type) {
        try {
            Bean<?> bean = beans.resolve(beans.getBeans(type));
            return bean != null && beans.isNormalScope(bean.getScope());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
