package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The design system's components as template fragments, for any module's templates:
 * {@code ${Ui.form(request, action, body)}}, {@code ${Ui.field(form, "email", label, hint, "email", "email")}},
 * {@code ${Ui.errorSummary(t, form)}}, banners, status tags, the step indicator, tables and pagination. Each renders
 * tenant-core's {@code components/*.jte}; values are escaped there.
 */
public final class Ui {

    private Ui() {
    }

    /**
     * A POST form that always carries this session's {@link FormToken} (the handler checks it with
     * {@link FormToken#valid}); after a successful post the handler answers 303 See Other (Post/Redirect/Get).
     */
    public static Content form(HttpServletRequest request, String action, Content body) {
        return fragment("components/form.jte", "action", action, "token", FormToken.token(request), "tokenField", FormToken.FIELD,
                "body", body);
    }

    /**
     * A POST form like {@link #form} that also sends files ({@code multipart/form-data}). A browser cannot keep a chosen
     * file when the form comes back with an error: the page must say so at the file input ({@link #file}).
     */
    public static Content uploadForm(HttpServletRequest request, String action, Content body) {
        return fragment("components/form.jte", "action", action, "token", FormToken.token(request), "tokenField", FormToken.FIELD,
                "body", body, "enctype", "multipart/form-data");
    }

    /**
     * {@link #form(HttpServletRequest, String, Content)} with an id (a page with several forms links to each) and, for a
     * form with a file field, {@code multipart/form-data}.
     */
    public static Content form(HttpServletRequest request, String action, String id, boolean multipart, Content body) {
        return fragment("components/form.jte", "action", action, "token", FormToken.token(request), "tokenField", FormToken.FIELD,
                "body", body, "id", id, "enctype", multipart ? "multipart/form-data" : null);
    }

    /**
     * The form's main action for Enter in a text field, put first in a form whose first button is not its main action
     * (e.g. "save a draft" before "go on" or "publish"): a browser submits a form on Enter with its first submit button
     * (HTML's implicit submission), so this hidden copy of the main button — same {@code name} and {@code value} — is
     * the one sent. It is out of the tab order and hidden from screen readers (the visible button is the one to use);
     * the design system's {@code default-action} class hides it.
     */
    public static Content defaultAction(String name, String value) {
        return fragment("components/defaultAction.jte", "name", name, "value", value);
    }

    /** The error summary at the top of a form: its title and a link to each field in error. */
    public static Content errorSummary(Text frameText, FormState form) {
        return fragment("components/errorSummary.jte", "t", frameText, "form", form);
    }

    /** The frame's messages in a language (for the components' own words: error summary, pagination). */
    public static Text words(String tag) {
        return PageShell.FRAME.in(tag);
    }

    /** A labelled input (or {@code textarea}) with an optional hint and its error, tied by aria-describedby. */
    public static Content field(FormState form, String name, Content label, Content hint, String type, String autocomplete) {
        return fragment("components/field.jte", "form", form, "name", name, "label", label, "hint", hint, "type", type,
                "autocomplete", autocomplete);
    }

    /** Like {@link #field}, with the keyboard a phone should show ({@code numeric}, {@code tel} …). */
    public static Content field(FormState form, String name, Content label, Content hint, String type, String autocomplete,
                                String inputmode) {
        return fragment("components/field.jte", "form", form, "name", name, "label", label, "hint", hint, "type", type,
                "autocomplete", autocomplete, "inputmode", inputmode);
    }

    /**
     * A labelled list to choose one value from, with its hint and error; the option whose value is
     * {@code form.value(name)} is selected. Option labels are plain text (an {@code <option>} holds no markup).
     */
    public static Content select(FormState form, String name, Content label, Content hint, List<Option> options) {
        return fragment("components/select.jte", "form", form, "name", name, "label", label, "hint", hint, "options", options);
    }

    /** One checkbox sending {@code name=true} when ticked; ticked when {@code form.value(name)} is {@code true}. */
    public static Content checkbox(FormState form, String name, Content label, Content hint) {
        return fragment("components/checkbox.jte", "form", form, "name", name, "label", label, "hint", hint);
    }

    /** A file input (several files) with its hint and error; use it inside {@link #uploadForm}. */
    public static Content file(FormState form, String name, Content label, Content hint, String accept) {
        return fragment("components/file.jte", "form", form, "name", name, "label", label, "hint", hint, "accept", accept);
    }

    /**
     * A {@code textarea} for code or structured text (YAML, a rule), {@code rows} high, in a monospace font and without
     * spell checking; otherwise like {@link #field}.
     */
    public static Content codeField(FormState form, String name, Content label, Content hint, int rows) {
        return fragment("components/field.jte", "form", form, "name", name, "label", label, "hint", hint, "type", "textarea",
                "autocomplete", "off", "rows", rows, "code", true);
    }

    /** One choice of a group of checkboxes; a fixed one is shown checked and cannot be changed. */
    public record Option(String value, Content label, boolean fixed) {
    }

    /**
     * A group of checkboxes in a fieldset with its legend, hint and error (the error summary links to the fieldset);
     * the checked values come back as the repeated form parameter {@code name}.
     */
    public static Content checkboxes(FormState form, String name, Content legend, Content hint, List<Option> options,
                                     java.util.Collection<String> checked) {
        return fragment("components/checkboxes.jte", "form", form, "name", name, "legend", legend, "hint", hint,
                "options", options, "checked", checked, "type", "checkbox");
    }

    /** A group of radio buttons (one choice) in a fieldset, like {@link #checkboxes}; the chosen value is {@code form.value(name)}. */
    public static Content radios(FormState form, String name, Content legend, Content hint, List<Option> options) {
        return fragment("components/checkboxes.jte", "form", form, "name", name, "legend", legend, "hint", hint,
                "options", options, "checked", List.of(form.value(name)), "type", "radio");
    }

    /** A notification banner: {@code info} or {@code success} (announced as a status). */
    public static Content banner(String kind, Content body) {
        return fragment("components/banner.jte", "kind", kind, "body", body);
    }

    /** A status tag: {@code info}, {@code success}, {@code warning} or {@code error}. */
    public static Content tag(String kind, Content label) {
        return out -> jp.kyodo.tenant.pages.templates.components.JtetagGenerated.render(html(out), null, kind, label);
    }

    /** The step indicator; {@code current} counts from 0. */
    public static Content steps(Content label, List<Content> steps, int current) {
        return fragment("components/steps.jte", "label", label, "steps", steps, "current", current);
    }

    /** A table with a caption and column headers; the first cell of a row is its header. Reflows on a phone. */
    public static Content table(Content caption, List<Content> headers, List<List<Content>> rows) {
        return fragment("components/table.jte", "caption", caption, "headers", headers, "rows", rows);
    }

    /** Page links for a list ({@code page} counts from 1). */
    public static Content pagination(Text frameText, String baseUrl, int page, int pages) {
        return fragment("components/pagination.jte", "t", frameText, "baseUrl", baseUrl, "page", page, "pages", pages);
    }

    /** Japanese data (a city's name, a notice, a programme) marked {@code lang="ja"}, for pages in other languages. */
    public static Content japanese(String text) {
        return out -> jp.kyodo.tenant.pages.templates.components.JtejapaneseGenerated.render(html(out), null, text);
    }

    /** Plain text as content (escaped when written). */
    public static Content text(String s) {
        return output -> output.writeUserContent(s);
    }

    /**
     * The HTML output a precompiled template writes to: the calling template's own (which knows the context and
     * escapes), else a new escaping one. {@link #tag} and {@link #japanese}, written many times on a page (a queue's
     * rows, a list of notices), call their precompiled template class directly: the same template and escaping as
     * {@link #fragment}, without a parameter map and a reflective call per use ({@code bench/pages}).
     */
    private static HtmlTemplateOutput html(TemplateOutput out) {
        return out instanceof HtmlTemplateOutput h ? h : new OwaspHtmlTemplateOutput(out);
    }

    private static Content fragment(String name, Object... kv) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.put((String) kv[i], kv[i + 1]);
        }
        return PageShell.TEMPLATES.content(name, params);
    }
}
