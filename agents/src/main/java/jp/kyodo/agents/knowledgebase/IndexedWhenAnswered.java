package jp.kyodo.agents.knowledgebase;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A knowledge-base change made through a method marked so is searchable when the method returns: once its
 * transaction has committed, the call waits (bounded) until the city's index lane has applied it. The model calls
 * themselves run on the lane, never on the caller's thread (the city's index lane, see retrieval's KnowledgeBases).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface IndexedWhenAnswered {
}
