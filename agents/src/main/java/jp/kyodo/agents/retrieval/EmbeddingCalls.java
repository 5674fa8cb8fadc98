package jp.kyodo.agents.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.function.Supplier;
import jp.kyodo.agents.llm.ModelCalls;

/**
 * The embedding model as the city indexes call it (issue 10, item 8). On a city's index lane ({@link CityLanes}) a call
 * runs right there: the lane already is a thread of the bounded managed executor, one per city. Anywhere else — a
 * question's search on its request thread — the call is made through {@link ModelCalls}: on the bounded executor,
 * within the city's own slots, waiting at most the server's timeout cap; a call that cannot be made or is not answered
 * in time throws {@link ModelCalls.Unavailable} and that search answers on its lexical signals. Inside a database
 * transaction no call is made at all ({@link KnowledgeEmbeddings.InTransaction}).
 */
final class EmbeddingCalls implements EmbeddingModel {

    private final EmbeddingModel model;
    private final ModelCalls calls;
    private final Supplier<String> city;

    /**
     * @param calls  where calls off a lane run; null runs them on the calling thread (no application server)
     * @param city   the city of the calling request (its slots), or a fixed key when there is none
     */
    EmbeddingCalls(EmbeddingModel model, ModelCalls calls, Supplier<String> city) {
        this.model = model;
        this.calls = calls;
        this.city = city;
    }

    private <T> T run(Supplier<T> work) {
        if (ModelCalls.inTransaction()) {
            throw new KnowledgeEmbeddings.InTransaction();
        }
        if (CityLanes.onALane() || calls == null) {
            return work.get();
        }
        return calls.run("embeddings " + city.get(), work);
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return run(() -> model.embed(request));
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        return run(() -> model.doEmbed(request));
    }

    @Override
    public Response<Embedding> embed(String text) {
        return run(() -> model.embed(text));
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return run(() -> model.embed(segment));
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return run(() -> model.embedAll(segments));
    }

    @Override
    public int dimension() {
        return run(model::dimension); // a remote model learns its dimension by embedding a text
    }

    @Override
    public String modelName() {
        return model.modelName();
    }
}
