package jp.kyodo.agents.lifeevents;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in citizen's life-event bundles (出生・転入・おくやみ); anybody else's answer 404. */
@Path("v1/my/life-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("citizen")
@Tag(name = "my-life-events", description = "Life-event bundles: questions asked once, every application prepared as a "
        + "draft; filed only on the person's own confirmation")
public class LifeEventBundlesResource {

    @Inject
    LifeEventBundles bundles;
    @Inject
    CertificatePhotos photos;
    @Inject
    BundleTurns turns;

    public record Start(String bundle) {
    }

    public record Answer(String question, String value) {
    }

    /** Free text in the person's words, and optionally the text an OCR step read from a photo. */
    public record Say(String text, String photoText, String language) {
    }

    public record Confirm(String applicationId, Boolean confirm, String digest) {
    }

    @GET
    @Path("bundles")
    @Operation(summary = "The bundles a citizen can start (birth, moving-in, death) and the tools each agent may use; "
            + "with said, only those the person's words name (「子どもが生まれました」 → birth), none when nothing matches")
    public List<BundleView.Available> available(@QueryParam("said") String said) {
        return said == null ? bundles.available() : bundles.heard(said);
    }

    @GET
    @Operation(summary = "My bundles, newest first")
    public List<BundleView.Summary> mine() {
        return bundles.mine();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a bundle: the first question, or the plan when the record already answers everything")
    public Response start(Start in) {
        return Response.status(201).entity(bundles.start(in == null ? null : in.bundle())).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "My bundle: the open question, the answers, the plan with values and sources, the drafts, the "
            + "tool calls")
    public BundleView get(@PathParam("id") String id) {
        return bundles.get(id);
    }

    @POST
    @Path("{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer the open question, or change an earlier answer (prepared drafts follow)")
    public BundleView answer(@PathParam("id") String id, Answer in) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "question と value を送ってください。",
                    "Send question and value.");
        }
        return bundles.answer(id, in.question(), in.value());
    }

    @POST
    @Path("{id}/say")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer the open question in your own words (and a photo's text): the city's model, when it has "
            + "one, reads it into the field through the declared tools only; without one the text is the answer")
    public LifeEventBundles.Said say(@PathParam("id") String id, Say in) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "text を送ってください。", "Send text.");
        }
        return turns.say(id, in.text(), in.photoText(), in.language());
    }

    @POST
    @Path("{id}/photo")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Read a certificate photo (JPEG or PNG, part \"photo\"): its fields are proposed as answers for "
            + "the person to check (photo.proposals); nothing is answered or submitted")
    public BundleView photo(@PathParam("id") String id, List<EntityPart> parts) {
        return turns.readPhoto(id, photoOf(parts));
    }

    /** The bytes of the part named {@code photo} (or the first file), read through the size cap. */
    private byte[] photoOf(List<EntityPart> parts) {
        long max = photos.maxBytes();
        for (EntityPart p : parts == null ? List.<EntityPart>of() : parts) {
            if ("photo".equals(p.getName()) || p.getFileName().isPresent()) {
                try (InputStream in = p.getContent()) {
                    byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                    return b.length > max ? new byte[0] : b; // refused as too large by the reader
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw ProblemException.badRequest("photo-required", "写真（photo）を送ってください。", "Send the photo (part \"photo\").");
    }

    @POST
    @Path("{id}/help")
    @Operation(summary = "Ask for help (相談したい): the bundle becomes a case in the city's contact centre, where an operator "
            + "can continue it with you; asking again answers the same case")
    public LifeEventBundles.Help help(@PathParam("id") String id) {
        return bundles.askForHelp(id);
    }

    @POST
    @Path("{id}/drafts")
    @Operation(summary = "Prepare a draft application for every step that applies; nothing is submitted")
    public BundleView prepare(@PathParam("id") String id) {
        return bundles.prepare(id);
    }

    @POST
    @Path("{id}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "File one prepared draft on your explicit confirmation (confirm: true and the digest of the "
            + "values you checked); recorded in the audit log")
    public PersonConfirmation.Filed confirm(@PathParam("id") String id, Confirm in) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "applicationId, confirm, digest を送ってください。",
                    "Send applicationId, confirm and digest.");
        }
        return bundles.confirm(id, in.applicationId(), in.confirm(), in.digest());
    }
}
