package jp.kyodo.tenant.problem;

import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that leaves a resource into a problem document. Unexpected failures are
 * logged with an id and answered with that id only, never with internals.
 */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable t) {
        return Problem.response(toProblem(t), uri == null ? null : uri.getRequestUri().getPath());
    }

    /** The problem answering this exception: its text never reaches the answer (an unexpected one is logged). */
    public static ProblemException toProblem(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof ProblemException p) {
            return p;
        }
        String sqlState = sqlState(t);
        if (sqlState != null && (sqlState.startsWith("22") || sqlState.equals("23514") || sqlState.equals("23502"))) {
            // a data exception or a CHECK / NOT NULL constraint: the input slipped past validation (a bug to fix, logged)
            // but it is still the input that is wrong; the answer names no table, column or constraint
            LOG.log(Level.WARNING, "input refused by the database (SQLState " + sqlState + "); validation should have caught it", t);
            return new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    "使えない文字や長さの入力が含まれています。 The input holds characters or lengths that cannot be stored.");
        }
        if (root instanceof ConstraintViolationException cve) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ConstraintViolation<?> v : cve.getConstraintViolations()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("field", lastNode(String.valueOf(v.getPropertyPath())));
                e.put("message", v.getMessage());
                errors.add(e);
            }
            return new ProblemException(400, "validation", "入力内容に誤りがあります", "The request is invalid",
                    "項目を確認してください。 Check the fields listed in errors.", Map.of("errors", errors));
        }
        if (root instanceof JsonbException || root instanceof ProcessingException
                || root instanceof jakarta.json.stream.JsonParsingException) {
            return new ProblemException(400, "malformed-json", "JSONの形式が正しくありません", "Malformed JSON",
                    "本文を JSON として読めませんでした。 The body could not be read as JSON.");
        }
        if (root instanceof OptimisticLockException) {
            return new ProblemException(409, "concurrent-update", "他の人が先に更新しました",
                    "Updated by someone else first", "最新の内容を読み込んでからやり直してください。 Reload and retry.");
        }
        if (root instanceof NotFoundException) {
            return ProblemException.notFound("resource");
        }
        if (root instanceof NotAuthorizedException) {
            return new ProblemException(401, "unauthenticated", "ログインが必要です", "Authentication required",
                    "有効なアクセストークンを指定してください。 Send a valid bearer token.");
        }
        if (root instanceof NotAllowedException) {
            return new ProblemException(405, "method-not-allowed", "この操作はできません", "Method not allowed", null);
        }
        if (root instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            if (status == 403) {
                return ProblemException.forbidden("forbidden", "この操作の権限がありません", "You lack the role for this");
            }
            if (status == 413) {
                return new ProblemException(413, "payload-too-large", "送信データが大きすぎます", "Payload too large",
                        "上限を超えています。 The body exceeds the limit.");
            }
            if (status == 415) {
                return new ProblemException(415, "unsupported-media-type", "この形式は受け付けられません",
                        "Unsupported media type", "Content-Type: application/json で送ってください。 Send application/json.");
            }
            if (status < 500) {
                // the exception's own message (a framework's, naming classes or paths) is not shown
                return new ProblemException(status, "http-" + status, "要求を処理できません", "Request not processed", null);
            }
        }
        String incident = java.util.UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, incident " + incident, t);
        return new ProblemException(500, "internal", "システムエラーが発生しました", "Internal error",
                "時間をおいて再度お試しください。問い合わせ番号 " + incident + " / Please retry later; incident " + incident,
                Map.of("incident", incident));
    }

    /** The SQLState of the first SQLException in the cause chain, or null. */
    static String sqlState(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 15 && cur != null; i++) {
            if (cur instanceof java.sql.SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
            cur = next(cur);
        }
        return null;
    }

    /** The cause, or EclipseLink's internal exception (where it keeps the JDBC driver's). */
    private static Throwable next(Throwable t) {
        Throwable c = t.getCause();
        if (c != null && c != t) {
            return c;
        }
        try {
            Object internal = t.getClass().getMethod("getInternalException").invoke(t);
            return internal instanceof Throwable i && i != t ? i : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        // a problem raised while a body was read (the body limit's counting stream) may come wrapped in the JSON
        // reader's own exception: the problem decides
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProblemException) {
                return c;
            }
        }
        Throwable cur = t;
        for (int i = 0; i < 10 && cur != null; i++) {
            if (cur instanceof ProblemException || cur instanceof ConstraintViolationException
                    || cur instanceof JsonbException || cur instanceof OptimisticLockException
                    || cur instanceof jakarta.json.stream.JsonParsingException) {
                return cur;
            }
            if (cur.getCause() == null || cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
        }
        return t;
    }

    private static String lastNode(String path) {
        int i = path.lastIndexOf('.');
        return i < 0 ? path : path.substring(i + 1);
    }
}
