using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Feedback;
using Recommender.Core.Serving;
using Recommender.Functions.Feedback;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Serving;

/// <summary>The public read routes: recommendations, similar items, popular items.</summary>
public static class ServingEndpoints
{
    public const string ModelVersionHeader = "X-Model-Version";

    public static IEndpointRouteBuilder MapServingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recommendations/{userId}", GetRecommendationsAsync).WithName("Recommendations");
        app.MapGet("/api/similar/{itemId}", GetSimilarAsync).WithName("SimilarItems");
        app.MapGet("/api/popular", GetPopularAsync).WithName("Popular");
        return app;
    }

    /// <summary>Top-K for a user: ALS (or mixed) when the model knows the user, else fold-in from feedback, else popularity.</summary>
    public static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> GetRecommendationsAsync(
        string userId,
        [FromQuery] string? k,
        [FromQuery] string? mode,
        [FromQuery] string? alpha,
        ModelCache cache,
        IUserFeedbackSource feedbackSource,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!FeedbackRules.IsValidId(userId))
        {
            return Problems.BadRequest("userId must be 1-128 printable characters.");
        }

        if (!QueryParameters.TryParseK(k, out int count, out string? error) || !QueryParameters.TryParseAlpha(alpha, out float alsShare, out error))
        {
            return Problems.BadRequest(error!);
        }

        if (mode is not (null or "als" or "mixed"))
        {
            return Problems.BadRequest("mode must be als or mixed.");
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        UserFeedback feedback = await feedbackSource.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        int[] disliked = ItemIndices(model, feedback.DislikedItems);
        float? share = mode == "mixed" ? alsShare : null;
        var results = new ScoredItem[Math.Min(count, model.ItemCount)];
        int written;
        string strategy;
        if (model.Package.Users.TryGetIndex(userId, out int user))
        {
            written = RecommendationEngine.Recommend(model, model.Package.Factors.User(user), model.Package.SeenItems.RowColumns(user), disliked, share, results);
            strategy = mode ?? "als";
        }
        else if (FoldInItems(model, feedback, out int[] items, out float[] strengths))
        {
            float[] vector = RecommendationEngine.FoldIn(model, items, strengths);
            written = RecommendationEngine.Recommend(model, vector, items, disliked, share, results);
            strategy = "fold-in";
        }
        else
        {
            written = RecommendationEngine.Popular(model, [], disliked, results);
            strategy = "popularity";
        }

        response.Headers[ModelVersionHeader] = model.Version;
        return TypedResults.Ok(new RecommendationResponse(userId, model.Version, strategy, ToItems(model, results.AsSpan(0, written))));
    }

    /// <summary>Items most similar to an item (cosine on item factors); 404 for an item the model does not know.</summary>
    public static async Task<Results<Ok<SimilarItemsResponse>, ProblemHttpResult>> GetSimilarAsync(
        string itemId,
        [FromQuery] string? k,
        ModelCache cache,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!FeedbackRules.IsValidId(itemId))
        {
            return Problems.BadRequest("itemId must be 1-128 printable characters.");
        }

        if (!QueryParameters.TryParseK(k, out int count, out string? error))
        {
            return Problems.BadRequest(error!);
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        if (!model.Package.Items.TryGetIndex(itemId, out int item))
        {
            return Problems.NotFound($"Item '{itemId}' is not in model {model.Version}.");
        }

        var results = new ScoredItem[Math.Min(count, Math.Max(0, model.ItemCount - 1))];
        int written = RecommendationEngine.Similar(model, item, results);
        response.Headers[ModelVersionHeader] = model.Version;
        return TypedResults.Ok(new SimilarItemsResponse(itemId, model.Version, ToItems(model, results.AsSpan(0, written))));
    }

    /// <summary>The popularity ranking.</summary>
    public static async Task<Results<Ok<PopularResponse>, ProblemHttpResult>> GetPopularAsync(
        [FromQuery] string? k,
        ModelCache cache,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryParseK(k, out int count, out string? error))
        {
            return Problems.BadRequest(error!);
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        var results = new ScoredItem[Math.Min(count, model.ItemCount)];
        int written = RecommendationEngine.Popular(model, [], [], results);
        response.Headers[ModelVersionHeader] = model.Version;
        return TypedResults.Ok(new PopularResponse(model.Version, ToItems(model, results.AsSpan(0, written))));
    }

    private static int[] ItemIndices(ServingModel model, IReadOnlySet<string> itemIds)
    {
        if (itemIds.Count == 0)
        {
            return [];
        }

        var indices = new List<int>(itemIds.Count);
        foreach (string id in itemIds)
        {
            if (model.Package.Items.TryGetIndex(id, out int index))
            {
                indices.Add(index);
            }
        }

        return indices.ToArray();
    }

    private static bool FoldInItems(ServingModel model, UserFeedback feedback, out int[] items, out float[] strengths)
    {
        var itemList = new List<int>();
        var strengthList = new List<float>();
        foreach (var (itemId, strength) in feedback.Strengths)
        {
            if (strength > 0 && model.Package.Items.TryGetIndex(itemId, out int index))
            {
                itemList.Add(index);
                strengthList.Add(strength);
            }
        }

        items = itemList.ToArray();
        strengths = strengthList.ToArray();
        return items.Length > 0;
    }

    private static RecommendedItem[] ToItems(ServingModel model, ReadOnlySpan<ScoredItem> scored)
    {
        var items = new RecommendedItem[scored.Length];
        for (int n = 0; n < scored.Length; n++)
        {
            int item = scored[n].Item;
            items[n] = new RecommendedItem(model.Package.Items[item], model.Package.Titles[item], scored[n].Score);
        }

        return items;
    }
}
