using Recommender.Core.Feedback;
using Recommender.Core.Rules;

namespace Recommender.Core.Serving;

/// <summary>
/// The serving use cases over one model version: a user's top-K, items similar to an item, and the popularity
/// ranking. It chooses the strategy for a user (the model's factors when it knows the user, re-solved when they have
/// feedback newer than the model; else a fold-in from the user's logged feedback, else popularity), hides seen,
/// fed-back and disliked items and what the request's <see cref="ItemFilter"/> removes (before top-K, so K stays K),
/// and maps indices back to ids, titles and genres.
/// Hosts parse the request, call one method and map the result to their protocol.
/// </summary>
public static class RecommendationService
{
    /// <summary>How many history items explain one recommendation.</summary>
    public const int ExplanationsPerItem = 3;

    /// <summary>Top-K for a user; disliked items never appear, whichever strategy ranks them.</summary>
    public static Recommendations ForUser(ServingModel model, string userId, UserFeedback feedback, RecommendationQuery query)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Count, 1);
        using ResolvedItemFilter excluded = query.Filter.Resolve(model, ItemIndices(model, feedback.DislikedItems));
        float? share = query.Mode == RecommendationMode.Mixed ? query.AlsShare : null;
        var results = new ScoredItem[Math.Min(query.Count, model.ItemCount)];
        int written;
        string strategy;
        ScoreExplainer? explainer = null;
        if (model.Package.Users.TryGetIndex(userId, out int user))
        {
            // Feedback logged since the model re-solves the user's vector now; everything they liked, rated or viewed
            // is masked like their training items.
            UserSystem? updated = KnownUserUpdate.TryBuild(model, user, feedback);
            ReadOnlySpan<float> vector = updated is null ? model.Package.Factors.User(user) : updated.SolveUser();
            ReadOnlySpan<int> seen = model.Package.SeenItems.RowColumns(user);
            // Only a user with feedback since the model needs a copy: the common case masks the training row in place.
            ReadOnlySpan<int> masked = FoldInItems(model, feedback, out int[] fedBack, out _) ? [.. seen, .. fedBack] : seen;
            written = RecommendationEngine.Recommend(model, vector, masked, excluded.Items, share, results);
            strategy = (query.Mode == RecommendationMode.Mixed, updated is not null) switch
            {
                (false, false) => Recommendations.Als,
                (false, true) => Recommendations.AlsUpdated,
                (true, false) => Recommendations.Mixed,
                (true, true) => Recommendations.MixedUpdated,
            };
            if (query.Explain)
            {
                explainer = (updated ?? KnownUserUpdate.Trained(model, user)) is UserSystem system
                    ? new ScoreExplainer(system)
                    : EachOnce(model, seen);
            }
        }
        else if (VersionFeedback.ForFoldIn(model, feedback) is { Items.Length: > 0 } foldIn)
        {
            var (items, strengths) = foldIn;
            // A user the model has not seen but who has liked or rated known items: solve their factor row now.
            if (ServingRecency.HalfLife(model) is float halfLife)
            {
                ServingRecency.DecayByLatestEvent(model, feedback.Events, items, strengths, halfLife);
            }

            float[] vector = RecommendationEngine.FoldIn(model, items, strengths);
            // Every item fed back is hidden, also one the version's signal gives no weight (a view under a positive threshold).
            FoldInItems(model, feedback, out int[] fedBack, out _);
            written = RecommendationEngine.Recommend(model, vector, [.. fedBack, .. items], excluded.Items, share, results);
            strategy = Recommendations.FoldIn;
            explainer = query.Explain ? new ScoreExplainer(model, items, strengths) : null;
        }
        else
        {
            FoldInItems(model, feedback, out int[] fedBack, out _);
            written = RecommendationEngine.Popular(model, fedBack, excluded.Items, results);
            strategy = Recommendations.Popularity;
        }

        RecommendedItem[] ranked = ToItems(model, results.AsSpan(0, written));
        if (query.Explain)
        {
            for (int n = 0; n < ranked.Length; n++)
            {
                ranked[n] = ranked[n] with { Because = explainer?.Explain(results[n].Item, ExplanationsPerItem) ?? [] };
            }
        }

        return new Recommendations(strategy, ranked);
    }

    /// <summary>Items most similar to an item (cosine on item factors); null when the model does not know the item.</summary>
    public static IReadOnlyList<RecommendedItem>? SimilarTo(ServingModel model, string itemId, int count) =>
        SimilarTo(model, itemId, count, SimilarItemsOptions.Default);

    /// <summary>As <see cref="SimilarTo(ServingModel, string, int)"/>, with the support filter and shrinkage of <paramref name="options"/>.</summary>
    public static IReadOnlyList<RecommendedItem>? SimilarTo(ServingModel model, string itemId, int count, SimilarItemsOptions options) =>
        SimilarTo(model, itemId, count, options, ItemFilter.None);

    /// <summary>
    /// As <see cref="SimilarTo(ServingModel, string, int, SimilarItemsOptions)"/>, never listing what <paramref name="filter"/>
    /// removes. A blocked query item still has similar items: the block keeps it out of answers, not out of questions.
    /// </summary>
    public static IReadOnlyList<RecommendedItem>? SimilarTo(ServingModel model, string itemId, int count, SimilarItemsOptions options, ItemFilter filter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!model.Package.Items.TryGetIndex(itemId, out int item))
        {
            return null;
        }

        var results = new ScoredItem[Math.Min(count, Math.Max(0, model.ItemCount - 1))];
        using ResolvedItemFilter excluded = filter.Resolve(model, []);
        int written = RecommendationEngine.Similar(model, item, results, options, excluded.Items);
        return ToItems(model, results.AsSpan(0, written));
    }

    /// <summary>The K most popular items.</summary>
    public static IReadOnlyList<RecommendedItem> Popular(ServingModel model, int count) => Popular(model, count, ItemFilter.None);

    /// <summary>The K most popular items that <paramref name="filter"/> keeps.</summary>
    public static IReadOnlyList<RecommendedItem> Popular(ServingModel model, int count, ItemFilter filter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var results = new ScoredItem[Math.Min(count, model.ItemCount)];
        using ResolvedItemFilter excluded = filter.Resolve(model, []);
        int written = RecommendationEngine.Popular(model, [], excluded.Items, results);
        return ToItems(model, results.AsSpan(0, written));
    }

    private static int[] ItemIndices(ServingModel model, IReadOnlySet<string> itemIds)
    {
        if (itemIds.Count == 0)
        {
            return [];
        }

        // Items the model does not know (added to the catalogue after training) cannot be ranked anyway.
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
        var itemList = new List<int>(feedback.Strengths.Count);
        var strengthList = new List<float>(feedback.Strengths.Count);
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

    // A version without published confidences keeps which items a user interacted with in training, not how strongly.
    private static ScoreExplainer EachOnce(ServingModel model, ReadOnlySpan<int> seen)
    {
        float[] once = new float[seen.Length];
        Array.Fill(once, 1f);
        return new ScoreExplainer(model, seen, once);
    }

    private static RecommendedItem[] ToItems(ServingModel model, ReadOnlySpan<ScoredItem> scored)
    {
        var items = new RecommendedItem[scored.Length];
        for (int n = 0; n < scored.Length; n++)
        {
            int item = scored[n].Item;
            items[n] = new RecommendedItem(model.Package.Items[item], model.Package.Titles[item], scored[n].Score)
            {
                Genres = model.Package.Genres?.Of(item) ?? [],
            };
        }

        return items;
    }
}
