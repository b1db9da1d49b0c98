using System.Buffers;
using System.Numerics.Tensors;

namespace Recommender.Core.Serving;

/// <summary>Top-K recommendation, similar items, popularity and fold-in over a <see cref="ServingModel"/>.</summary>
public static partial class RecommendationEngine
{
    /// <summary>Up to this many exclusions, Popular checks each item by a scan instead of building a mask.</summary>
    private const int ShortExclusionList = 64;

    /// <summary>
    /// Ranks items for a user vector. With <paramref name="alsShare"/> set, blends min-max normalised ALS scores with
    /// normalised popularity (share of ALS = alsShare). Items in either exclusion list are never returned.
    /// </summary>
    public static int Recommend(ServingModel model, ReadOnlySpan<float> userVector, ReadOnlySpan<int> seen, ReadOnlySpan<int> excluded, float? alsShare, Span<ScoredItem> results) =>
        Recommend(model, userVector, seen, new ExcludedItems(excluded, []), alsShare, results, ScoringPath.Auto);

    /// <summary>As the overload with a list of excluded items, with a request's exclusions (list and genre bits).</summary>
    public static int Recommend(ServingModel model, ReadOnlySpan<float> userVector, ReadOnlySpan<int> seen, ExcludedItems excluded, float? alsShare, Span<ScoredItem> results) =>
        Recommend(model, userVector, seen, excluded, alsShare, results, ScoringPath.Auto);

    /// <summary>As the public overload, on a chosen scoring path (tests and benchmarks compare the paths).</summary>
    internal static int Recommend(ServingModel model, ReadOnlySpan<float> userVector, ReadOnlySpan<int> seen, ReadOnlySpan<int> excluded, float? alsShare, Span<ScoredItem> results, ScoringPath path) =>
        Recommend(model, userVector, seen, new ExcludedItems(excluded, []), alsShare, results, path);

    /// <summary>As the public overload, on a chosen scoring path (tests and benchmarks compare the paths).</summary>
    internal static int Recommend(ServingModel model, ReadOnlySpan<float> userVector, ReadOnlySpan<int> seen, ExcludedItems excluded, float? alsShare, Span<ScoredItem> results, ScoringPath path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (userVector.Length != model.Factors)
        {
            throw new ArgumentException($"User vector has {userVector.Length} factors; the model has {model.Factors}.", nameof(userVector));
        }

        // Mixed mode normalises by the min and max over all ALS scores, so it needs every score: exact path only.
        if (path == ScoringPath.Auto)
        {
            path = ScoringPaths.Preferred;
        }

        if (path != ScoringPath.Exact && alsShare is null && model.QuantizedItems is { } quantized)
        {
            int written = QuantizedTopK.Select(quantized, model.Package.Factors.ItemFactors, userVector, seen, excluded, path, results);
            if (written >= 0)
            {
                return written;
            }
        }

        float[] rented = ArrayPool<float>.Shared.Rent(model.ItemCount);
        try
        {
            Span<float> scores = rented.AsSpan(0, model.ItemCount);
            ItemScoring.ScoreAll(userVector, model.Package.Factors.ItemFactors, scores);
            Mask(scores, seen);
            excluded.MaskScores(scores);
            if (alsShare is float share)
            {
                Blend(scores, model.NormalizedPopularity, share);
            }

            return SelectTop(scores, results);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The most popular items, skipping the excluded ones; scores are the popularity scores.</summary>
    public static int Popular(ServingModel model, ReadOnlySpan<int> seen, ReadOnlySpan<int> excluded, Span<ScoredItem> results) =>
        Popular(model, seen, new ExcludedItems(excluded, []), results);

    /// <summary>As the overload with a list of excluded items, with a request's exclusions (list and genre bits).</summary>
    public static int Popular(ServingModel model, ReadOnlySpan<int> seen, ExcludedItems excluded, Span<ScoredItem> results)
    {
        ArgumentNullException.ThrowIfNull(model);

        // A few listed exclusions are looked up by scan; a long list goes through a mask, so the walk stays linear.
        // Genre bits are tested as they are.
        int count = 0;
        if (seen.Length + excluded.Indices.Length <= ShortExclusionList)
        {
            foreach (int item in model.PopularityOrder)
            {
                if (count == results.Length)
                {
                    break;
                }

                if (!seen.Contains(item) && !excluded.Indices.Contains(item) && !excluded.HasBit(item))
                {
                    results[count++] = new ScoredItem(item, model.Package.Popularity[item]);
                }
            }

            return count;
        }

        bool[] rented = ArrayPool<bool>.Shared.Rent(model.ItemCount);
        try
        {
            Span<bool> masked = rented.AsSpan(0, model.ItemCount);
            masked.Clear();
            Mark(masked, seen);
            Mark(masked, excluded.Indices);
            foreach (int item in model.PopularityOrder)
            {
                if (count == results.Length)
                {
                    break;
                }

                if (!masked[item] && !excluded.HasBit(item))
                {
                    results[count++] = new ScoredItem(item, model.Package.Popularity[item]);
                }
            }

            return count;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Items most similar to <paramref name="item"/> by cosine of item factors with the default support filter and
    /// shrinkage (<see cref="SimilarItemsOptions.Default"/>), the item itself excluded.
    /// </summary>
    public static int Similar(ServingModel model, int item, Span<ScoredItem> results) =>
        Similar(model, item, results, SimilarItemsOptions.Default);

    /// <summary>Items most similar to <paramref name="item"/> by cosine of item factors, adjusted by <paramref name="options"/>.</summary>
    public static int Similar(ServingModel model, int item, Span<ScoredItem> results, SimilarItemsOptions options) =>
        Similar(model, item, results, options, ReadOnlySpan<int>.Empty);

    /// <summary>As <see cref="Similar(ServingModel, int, Span{ScoredItem}, SimilarItemsOptions)"/>, never returning the <paramref name="excluded"/> items.</summary>
    public static int Similar(ServingModel model, int item, Span<ScoredItem> results, SimilarItemsOptions options, ReadOnlySpan<int> excluded) =>
        Similar(model, item, results, options, new ExcludedItems(excluded, []));

    /// <summary>As <see cref="Similar(ServingModel, int, Span{ScoredItem}, SimilarItemsOptions)"/>, with a request's exclusions (list and genre bits).</summary>
    public static int Similar(ServingModel model, int item, Span<ScoredItem> results, SimilarItemsOptions options, ExcludedItems excluded)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        float[] rented = ArrayPool<float>.Shared.Rent(model.ItemCount);
        try
        {
            Span<float> scores = rented.AsSpan(0, model.ItemCount);
            ReadOnlySpan<float> query = model.Package.Factors.Item(item);
            ItemScoring.ScoreAll(query, model.Package.Factors.ItemFactors, scores);
            float queryNorm = model.ItemNorms[item];
            for (int i = 0; i < scores.Length; i++)
            {
                float denominator = queryNorm * model.ItemNorms[i];
                scores[i] = denominator > 0 ? scores[i] / denominator : float.NegativeInfinity;
            }

            options.Adjust(scores, model.ItemSupport);
            scores[item] = float.NegativeInfinity;
            excluded.MaskScores(scores);
            return SelectTop(scores, results);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Solves a user vector exactly from their interactions, with the same normal equations and confidence as training:
    /// (YtY + Yᵀ(C − I)Y + λI) x = YᵀCp.
    /// </summary>
    public static float[] FoldIn(ServingModel model, ReadOnlySpan<int> items, ReadOnlySpan<float> strengths) =>
        UserSystem.FromStrengths(model, items, strengths).SolveUser();

    private static void Mark(Span<bool> masked, ReadOnlySpan<int> items)
    {
        foreach (int item in items)
        {
            if ((uint)item < (uint)masked.Length)
            {
                masked[item] = true;
            }
        }
    }

    private static void Mask(Span<float> scores, ReadOnlySpan<int> items)
    {
        foreach (int item in items)
        {
            if ((uint)item < (uint)scores.Length)
            {
                scores[item] = float.NegativeInfinity;
            }
        }
    }

    private static void Blend(Span<float> scores, ReadOnlySpan<float> popularity, float alsShare)
    {
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        foreach (float s in scores)
        {
            if (!float.IsNegativeInfinity(s))
            {
                min = MathF.Min(min, s);
                max = MathF.Max(max, s);
            }
        }

        float range = max - min;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsNegativeInfinity(scores[i]))
            {
                float als = range > 0 ? (scores[i] - min) / range : 0f;
                scores[i] = (alsShare * als) + ((1f - alsShare) * popularity[i]);
            }
        }
    }

    private static int SelectTop(ReadOnlySpan<float> scores, Span<ScoredItem> results)
    {
        int[] indices = ArrayPool<int>.Shared.Rent(results.Length);
        try
        {
            int count = TopKSelector.Select(scores, indices.AsSpan(0, results.Length));
            for (int n = 0; n < count; n++)
            {
                results[n] = new ScoredItem(indices[n], scores[indices[n]]);
            }

            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }
}
