using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Recommender.Core.Feedback;
using Recommender.Core.Rules;
using Recommender.Core.Serving;
using Recommender.Functions.Experiments;
using Recommender.Functions.Hosting;
using Recommender.Functions.Rules;

namespace Recommender.Functions.Serving;

/// <summary>The public read functions: recommendations, similar items, popular items.</summary>
public sealed class ServingEndpoints(ModelCache cache, IUserFeedbackSource feedbackSource, BlockedItemsCache blockedItems, ExperimentModels experiments, ImpressionRecorder impressions, IOptions<RecommenderOptions> options)
{
    public const string ModelVersionHeader = "X-Model-Version";

    /// <summary>
    /// Top-K for a user: ALS (or mixed) when the model knows the user, re-solved with their feedback newer than the model,
    /// else fold-in from feedback, else popularity.
    /// With explain=true each item names the history items that contribute most to its score.
    /// </summary>
    [Function("Recommendations")]
    public async Task<IResult> GetRecommendationsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "recommendations/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FeedbackRules.IsValidId(userId))
        {
            return Problems.BadRequest("userId must be 1-128 printable characters.");
        }

        if (!QueryParameters.TryParseK(request.Query, out int count, out string? error)
            || !QueryParameters.TryParseMode(request.Query, out RecommendationMode mode, out float alsShare, out error)
            || !QueryParameters.TryParseExplain(request.Query, out bool explain, out error))
        {
            return Problems.BadRequest(error!);
        }

        if (!GenreFilterQuery.TryParse(request.Query, out GenreFilter genres, out var badGenres))
        {
            return badGenres!;
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        // Under an A/B split the user's variant chooses the model (fold-in and popularity included).
        ServedBy served = experiments.Choose(model, userId);
        if (GenreFilterQuery.CheckKnown(genres, served.Model) is { } unknownGenres)
        {
            return unknownGenres;
        }

        ItemFilter filter = await FilterAsync(genres, cancellationToken).ConfigureAwait(false);
        UserFeedback feedback = await feedbackSource.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        Recommendations recommendations = RecommendationService.ForUser(served.Model, userId, feedback, new RecommendationQuery(count, mode, alsShare, explain) { Filter = filter });
        string recommendationId = impressions.Record(userId, served, recommendations);
        ExperimentHeaders.Apply(request.HttpContext.Response, served);
        return Served(request, served.Model, new RecommendationResponse(userId, served.Model.Version, recommendations.Strategy, recommendations.Items)
        {
            RecommendationId = recommendationId,
            Variant = served.Variant,
            VariantFallback = served.FellBack,
        });
    }

    /// <summary>Items most similar to an item (cosine on item factors); 404 for an item the model does not know.</summary>
    [Function("SimilarItems")]
    public async Task<IResult> GetSimilarAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "similar/{itemId}")] HttpRequest request,
        string itemId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FeedbackRules.IsValidId(itemId))
        {
            return Problems.BadRequest("itemId must be 1-128 printable characters.");
        }

        if (!QueryParameters.TryParseK(request.Query, out int count, out string? error))
        {
            return Problems.BadRequest(error!);
        }

        if (!GenreFilterQuery.TryParse(request.Query, out GenreFilter genres, out var badGenres))
        {
            return badGenres!;
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        if (GenreFilterQuery.CheckKnown(genres, model) is { } unknownGenres)
        {
            return unknownGenres;
        }

        ItemFilter filter = await FilterAsync(genres, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RecommendedItem>? items = RecommendationService.SimilarTo(model, itemId, count, SimilarItemsOptions.Default with { MinSupport = options.Value.SimilarItemsMinSupport }, filter);
        return items is null
            ? Problems.NotFound($"Item '{itemId}' is not in model {model.Version}.")
            : Served(request, model, new SimilarItemsResponse(itemId, model.Version, items));
    }

    /// <summary>The popularity ranking.</summary>
    [Function("Popular")]
    public async Task<IResult> GetPopularAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "popular")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryParameters.TryParseK(request.Query, out int count, out string? error))
        {
            return Problems.BadRequest(error!);
        }

        if (!GenreFilterQuery.TryParse(request.Query, out GenreFilter genres, out var badGenres))
        {
            return badGenres!;
        }

        ServingModel? model = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Problems.NoModel(cache.LastError);
        }

        if (GenreFilterQuery.CheckKnown(genres, model) is { } unknownGenres)
        {
            return unknownGenres;
        }

        ItemFilter filter = await FilterAsync(genres, cancellationToken).ConfigureAwait(false);
        return Served(request, model, new PopularResponse(model.Version, RecommendationService.Popular(model, count, filter)));
    }

    // Blocked items apply to every answer; the genre filter is the request's own.
    private async Task<ItemFilter> FilterAsync(GenreFilter genres, CancellationToken cancellationToken) =>
        new(await blockedItems.GetAsync(cancellationToken).ConfigureAwait(false), genres);

    // Every answer computed from a model names its version, so clients can tell answers of two versions apart.
    private static Ok<T> Served<T>(HttpRequest request, ServingModel model, T body)
    {
        request.HttpContext.Response.Headers[ModelVersionHeader] = model.Version;
        return TypedResults.Ok(body);
    }
}
