package jp.kyodo.crm.notifications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in citizen's inbox. */
@Path("v1/me/inbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("citizen")
@Tag(name = "me", description = "The signed-in citizen's own record (登録情報・世帯・同意)")
public class InboxResource {

    @Inject
    Inbox inbox;

    @GET
    @Operation(summary = "My messages, newest first")
    public List<InboxMessage> list() {
        return inbox.mine(100);
    }

    @GET
    @Path("unread")
    @Operation(summary = "How many of my messages are unread")
    public Map<String, Long> unread() {
        return Map.of("unread", inbox.unreadCount());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of my messages")
    public InboxMessage get(@PathParam("id") UUID id) {
        return inbox.get(id);
    }

    @POST
    @Path("{id}/read")
    @Operation(summary = "Mark one of my messages read")
    public InboxMessage read(@PathParam("id") UUID id) {
        return inbox.markRead(id);
    }
}
